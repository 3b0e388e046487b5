// The Query protocol's responses: XML in the service's namespace, every
// value escaped, lists as <member> elements, booleans as true/false.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace eddy::iam {

inline constexpr std::string_view kIamNamespace = "https://iam.amazonaws.com/doc/2010-05-08/";
inline constexpr std::string_view kStsNamespace = "https://sts.amazonaws.com/doc/2011-06-15/";

// Appends `text` with &, <, >, " and ' escaped, and a carriage return as
// &#13; (a parser would otherwise normalize it away).
void AppendXmlEscaped(std::string* out, std::string_view text);

// Appends elements to a string; the caller keeps the nesting right.
class XmlWriter {
 public:
  XmlWriter& Open(std::string_view name);
  XmlWriter& Close(std::string_view name);
  // <name>escaped text</name>
  XmlWriter& Element(std::string_view name, std::string_view text);
  XmlWriter& Number(std::string_view name, int64_t value);
  XmlWriter& Bool(std::string_view name, bool value);
  // <name/>: a structure with no members set (botocore reads it as {}).
  XmlWriter& Empty(std::string_view name);
  const std::string& str() const { return out_; }

 private:
  std::string out_;
};

// <ActionResponse xmlns=...><ActionResult>result</ActionResult>
// <ResponseMetadata><RequestId>id</RequestId></ResponseMetadata></ActionResponse>;
// without the Result element when `result` is null (operations with no
// output: DeleteRole, AttachRolePolicy, ...).
std::string ResponseXml(std::string_view action, std::string_view xmlns, const std::string* result,
                        std::string_view request_id);

// <ErrorResponse xmlns=...><Error><Type>Sender</Type><Code>..</Code>
// <Message>..</Message></Error><RequestId>..</RequestId></ErrorResponse>
std::string ErrorXml(std::string_view xmlns, std::string_view type, std::string_view code, std::string_view message,
                     std::string_view request_id);

}  // namespace eddy::iam
