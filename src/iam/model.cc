#include "iam/model.h"

#include "core/arn.h"
#include "core/json.h"

namespace eddy::iam {
namespace {

constexpr int kFormatVersion = 1;

void String(JsonWriter& w, std::string_view key, std::string_view value) {
  w.Key(key.data(), static_cast<rapidjson::SizeType>(key.size()));
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void WriteTags(JsonWriter& w, const std::vector<Tag>& tags) {
  w.Key("tags");
  w.StartArray();
  for (const Tag& tag : tags) {
    w.StartArray();
    w.String(tag.key.data(), static_cast<rapidjson::SizeType>(tag.key.size()));
    w.String(tag.value.data(), static_cast<rapidjson::SizeType>(tag.value.size()));
    w.EndArray();
  }
  w.EndArray();
}

std::string Finish(const rapidjson::StringBuffer& buffer) { return std::string(buffer.GetString(), buffer.GetSize()); }

// Parses `json` into `doc`: false unless it is an object of this format version.
bool ParseObject(std::string_view json, JsonDocument* doc) {
  doc->Parse(json.data(), json.size());
  if (doc->HasParseError() || !doc->IsObject()) return false;
  auto version = doc->FindMember("v");
  return version != doc->MemberEnd() && version->value.IsInt() && version->value.GetInt() == kFormatVersion;
}

bool GetString(const JsonValue& object, const char* key, std::string* out) {
  auto it = object.FindMember(key);
  if (it == object.MemberEnd() || !it->value.IsString()) return false;
  out->assign(it->value.GetString(), it->value.GetStringLength());
  return true;
}

bool GetOptionalString(const JsonValue& object, const char* key, std::optional<std::string>* out) {
  auto it = object.FindMember(key);
  if (it == object.MemberEnd()) return true;
  if (!it->value.IsString()) return false;
  *out = std::string(it->value.GetString(), it->value.GetStringLength());
  return true;
}

bool GetInt64(const JsonValue& object, const char* key, int64_t* out) {
  auto it = object.FindMember(key);
  if (it == object.MemberEnd() || !it->value.IsInt64()) return false;
  *out = it->value.GetInt64();
  return true;
}

bool GetTags(const JsonValue& object, std::vector<Tag>* tags) {
  auto it = object.FindMember("tags");
  if (it == object.MemberEnd() || !it->value.IsArray()) return false;
  for (const JsonValue& pair : it->value.GetArray()) {
    if (!pair.IsArray() || pair.Size() != 2 || !pair[0].IsString() || !pair[1].IsString()) return false;
    tags->push_back({std::string(pair[0].GetString(), pair[0].GetStringLength()),
                     std::string(pair[1].GetString(), pair[1].GetStringLength())});
  }
  return true;
}

// The members roles and policies share: the format version, name, path,
// id, creation time, description and tags.
template <typename Entity>
void WriteCommon(JsonWriter& w, const Entity& entity) {
  w.Key("v");
  w.Int(kFormatVersion);
  String(w, "name", entity.name);
  String(w, "path", entity.path);
  String(w, "id", entity.id);
  w.Key("created");
  w.Int64(entity.create_millis);
  if (entity.description) String(w, "description", *entity.description);
  WriteTags(w, entity.tags);
}

// Parses `json` into `doc` and reads the shared members into `entity`:
// false unless all are there and the format version is this one.
template <typename Entity>
bool ReadCommon(std::string_view json, JsonDocument* doc, Entity* entity) {
  return ParseObject(json, doc) && GetString(*doc, "name", &entity->name) && GetString(*doc, "path", &entity->path) &&
         GetString(*doc, "id", &entity->id) && GetInt64(*doc, "created", &entity->create_millis) &&
         GetOptionalString(*doc, "description", &entity->description) && GetTags(*doc, &entity->tags);
}

}  // namespace

std::string RoleArn(const Role& role) {
  return "arn:aws:iam::" + std::string(kAccountId) + ":role" + role.path + role.name;
}

std::string PolicyArn(const ManagedPolicy& policy) {
  return "arn:aws:iam::" + std::string(kAccountId) + ":policy" + policy.path + policy.name;
}

std::string RoleToJson(const Role& role) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  WriteCommon(w, role);
  String(w, "trust", role.assume_role_policy);
  w.Key("max_session");
  w.Int64(role.max_session_duration);
  w.Key("attached");
  w.StartArray();
  for (const std::string& arn : role.attached_policies) w.String(arn.data(), static_cast<rapidjson::SizeType>(arn.size()));
  w.EndArray();
  w.Key("inline");
  w.StartObject();
  for (const auto& [name, document] : role.inline_policies) String(w, name, document);
  w.EndObject();
  w.EndObject();
  return Finish(buffer);
}

std::optional<Role> RoleFromJson(std::string_view json) {
  JsonDocument doc;
  Role role;
  if (!ReadCommon(json, &doc, &role) || !GetString(doc, "trust", &role.assume_role_policy) ||
      !GetInt64(doc, "max_session", &role.max_session_duration)) {
    return std::nullopt;
  }
  auto attached = doc.FindMember("attached");
  auto inline_policies = doc.FindMember("inline");
  if (attached == doc.MemberEnd() || !attached->value.IsArray() || inline_policies == doc.MemberEnd() ||
      !inline_policies->value.IsObject()) {
    return std::nullopt;
  }
  for (const JsonValue& arn : attached->value.GetArray()) {
    if (!arn.IsString()) return std::nullopt;
    role.attached_policies.emplace_back(arn.GetString(), arn.GetStringLength());
  }
  for (const auto& member : inline_policies->value.GetObject()) {
    if (!member.value.IsString()) return std::nullopt;
    role.inline_policies.emplace(std::string(member.name.GetString(), member.name.GetStringLength()),
                                 std::string(member.value.GetString(), member.value.GetStringLength()));
  }
  return role;
}

std::string PolicyToJson(const ManagedPolicy& policy) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  WriteCommon(w, policy);
  String(w, "document", policy.document);
  w.EndObject();
  return Finish(buffer);
}

std::optional<ManagedPolicy> PolicyFromJson(std::string_view json) {
  JsonDocument doc;
  ManagedPolicy policy;
  if (!ReadCommon(json, &doc, &policy) || !GetString(doc, "document", &policy.document)) return std::nullopt;
  return policy;
}

}  // namespace eddy::iam
