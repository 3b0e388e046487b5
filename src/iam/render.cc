#include "iam/render.h"

#include "core/iso_time.h"
#include "iam/form.h"

namespace eddy::iam {

std::string IsoDate(int64_t millis) { return FormatIsoSeconds(millis); }

void WriteTags(XmlWriter& xml, std::string_view element, const std::vector<Tag>& tags) {
  xml.Open(element);
  for (const Tag& tag : tags) {
    xml.Open("member").Element("Key", tag.key).Element("Value", tag.value).Close("member");
  }
  xml.Close(element);
}

void WriteRoleMembers(XmlWriter& xml, const Role& role, RoleDetail detail) {
  xml.Element("Path", role.path)
      .Element("RoleName", role.name)
      .Element("RoleId", role.id)
      .Element("Arn", RoleArn(role))
      .Element("CreateDate", IsoDate(role.create_millis))
      // URL-encoded, as IAM returns every policy document (the SDKs decode it).
      .Element("AssumeRolePolicyDocument", PercentEncode(role.assume_role_policy));
  if (role.description) xml.Element("Description", *role.description);
  if (detail != RoleDetail::kCreated) xml.Number("MaxSessionDuration", role.max_session_duration);
  if (detail != RoleDetail::kListed && !role.tags.empty()) WriteTags(xml, "Tags", role.tags);
  if (detail == RoleDetail::kFull) xml.Empty("RoleLastUsed");
}

void WritePolicyMembers(XmlWriter& xml, const PolicyView& policy, PolicyDetail detail) {
  xml.Element("PolicyName", policy.name)
      .Element("PolicyId", policy.id)
      .Element("Arn", policy.arn)
      .Element("Path", policy.path)
      .Element("DefaultVersionId", "v1")
      .Number("AttachmentCount", policy.attachment_count)
      .Number("PermissionsBoundaryUsageCount", 0)
      .Bool("IsAttachable", true);
  if (detail == PolicyDetail::kFull && policy.description) xml.Element("Description", *policy.description);
  xml.Element("CreateDate", policy.create_date).Element("UpdateDate", policy.update_date);
  if (detail == PolicyDetail::kFull && !policy.tags.empty()) WriteTags(xml, "Tags", policy.tags);
}

}  // namespace eddy::iam
