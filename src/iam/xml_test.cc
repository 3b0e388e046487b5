#include <doctest/doctest.h>

#include "iam/xml.h"

namespace eddy::iam {
namespace {

TEST_CASE("values are escaped") {
  std::string out;
  AppendXmlEscaped(&out, "<a href=\"x\">Tom & Jerry's\r\n</a>");
  CHECK(out == "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&apos;s&#13;\n&lt;/a&gt;");
}

TEST_CASE("the writer nests elements, numbers, booleans and empty structures") {
  XmlWriter xml;
  xml.Open("Role").Element("RoleName", "a<b").Number("MaxSessionDuration", 3600).Bool("IsTruncated", false);
  xml.Empty("RoleLastUsed").Close("Role");
  CHECK(xml.str() ==
        "<Role><RoleName>a&lt;b</RoleName><MaxSessionDuration>3600</MaxSessionDuration>"
        "<IsTruncated>false</IsTruncated><RoleLastUsed/></Role>");
}

TEST_CASE("a response has a Result element only for operations with output") {
  const std::string result = "<Role/>";
  CHECK(ResponseXml("GetRole", kIamNamespace, &result, "id-1") ==
        "<GetRoleResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\"><GetRoleResult><Role/></GetRoleResult>"
        "<ResponseMetadata><RequestId>id-1</RequestId></ResponseMetadata></GetRoleResponse>\n");
  CHECK(ResponseXml("DeleteRole", kIamNamespace, nullptr, "id-2") ==
        "<DeleteRoleResponse xmlns=\"https://iam.amazonaws.com/doc/2010-05-08/\">"
        "<ResponseMetadata><RequestId>id-2</RequestId></ResponseMetadata></DeleteRoleResponse>\n");
}

TEST_CASE("an error response names its type, code and message") {
  CHECK(ErrorXml(kStsNamespace, "Sender", "AccessDenied", "no & no", "id") ==
        "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><Error><Type>Sender</Type>"
        "<Code>AccessDenied</Code><Message>no &amp; no</Message></Error><RequestId>id</RequestId></ErrorResponse>\n");
}

}  // namespace
}  // namespace eddy::iam
