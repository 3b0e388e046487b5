#include "iam/xml.h"

namespace eddy::iam {

void AppendXmlEscaped(std::string* out, std::string_view text) {
  for (const char c : text) {
    switch (c) {
      case '&': out->append("&amp;"); break;
      case '<': out->append("&lt;"); break;
      case '>': out->append("&gt;"); break;
      case '"': out->append("&quot;"); break;
      case '\'': out->append("&apos;"); break;
      case '\r': out->append("&#13;"); break;
      default: out->push_back(c);
    }
  }
}

XmlWriter& XmlWriter::Open(std::string_view name) {
  out_.append("<").append(name).append(">");
  return *this;
}

XmlWriter& XmlWriter::Close(std::string_view name) {
  out_.append("</").append(name).append(">");
  return *this;
}

XmlWriter& XmlWriter::Element(std::string_view name, std::string_view text) {
  Open(name);
  AppendXmlEscaped(&out_, text);
  return Close(name);
}

XmlWriter& XmlWriter::Number(std::string_view name, int64_t value) {
  return Element(name, std::to_string(value));
}

XmlWriter& XmlWriter::Bool(std::string_view name, bool value) { return Element(name, value ? "true" : "false"); }

XmlWriter& XmlWriter::Empty(std::string_view name) {
  out_.append("<").append(name).append("/>");
  return *this;
}

std::string ResponseXml(std::string_view action, std::string_view xmlns, const std::string* result,
                        std::string_view request_id) {
  std::string out;
  out.reserve(256 + (result ? result->size() : 0));
  out.append("<").append(action).append("Response xmlns=\"").append(xmlns).append("\">");
  if (result) {
    out.append("<").append(action).append("Result>");
    out.append(*result);
    out.append("</").append(action).append("Result>");
  }
  out.append("<ResponseMetadata><RequestId>");
  AppendXmlEscaped(&out, request_id);
  out.append("</RequestId></ResponseMetadata>");
  out.append("</").append(action).append("Response>\n");
  return out;
}

std::string ErrorXml(std::string_view xmlns, std::string_view type, std::string_view code, std::string_view message,
                     std::string_view request_id) {
  std::string out = "<ErrorResponse xmlns=\"";
  out.append(xmlns).append("\"><Error><Type>");
  AppendXmlEscaped(&out, type);
  out.append("</Type><Code>");
  AppendXmlEscaped(&out, code);
  out.append("</Code><Message>");
  AppendXmlEscaped(&out, message);
  out.append("</Message></Error><RequestId>");
  AppendXmlEscaped(&out, request_id);
  out.append("</RequestId></ErrorResponse>\n");
  return out;
}

}  // namespace eddy::iam
