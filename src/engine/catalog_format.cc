#include "engine/catalog_format.h"

#include <utility>

#include "core/json.h"
#include "storage/layout.h"

namespace eddy {
namespace {

// --- Writing ---

void WriteString(JsonWriter& w, const char* key, std::string_view value) {
  w.Key(key);
  w.String(value.data(), static_cast<rapidjson::SizeType>(value.size()));
}

void WriteKeyAttribute(JsonWriter& w, const KeyAttribute& key) {
  w.StartObject();
  WriteString(w, "name", key.name);
  WriteString(w, "type", TypeDescriptor(key.type));
  w.EndObject();
}

void WriteKeySchema(JsonWriter& w, const KeySchema& schema) {
  w.Key("hash");
  WriteKeyAttribute(w, schema.hash);
  if (schema.range) {
    w.Key("range");
    WriteKeyAttribute(w, *schema.range);
  }
  // Multi-attribute GSI keys only (absent otherwise).
  for (const auto& [name, more] : {std::pair{"more_hash", &schema.more_hash}, std::pair{"more_range", &schema.more_range}}) {
    if (more->empty()) continue;
    w.Key(name);
    w.StartArray();
    for (const KeyAttribute& key : *more) WriteKeyAttribute(w, key);
    w.EndArray();
  }
}

void WriteThroughput(JsonWriter& w, const ProvisionedThroughput& throughput) {
  w.Key("rcu");
  w.Int64(throughput.read_capacity_units);
  w.Key("wcu");
  w.Int64(throughput.write_capacity_units);
}

void WriteIndex(JsonWriter& w, const IndexInfo& index) {
  w.StartObject();
  WriteString(w, "name", index.name);
  w.Key("global");
  w.Bool(index.global);
  w.Key("id");
  w.Uint64(index.key_space.id);
  WriteKeySchema(w, index.key_space.schema);
  WriteString(w, "projection", ProjectionTypeName(index.projection));
  w.Key("non_key_attributes");
  w.StartArray();
  for (const std::string& name : index.non_key_attributes) w.String(name);
  w.EndArray();
  WriteThroughput(w, index.throughput);
  WriteString(w, "status", IndexStatusName(index.status));
  w.Key("backfilling");
  w.Bool(index.backfilling);
  w.EndObject();
}

// --- Reading: every accessor checks presence and type first ---

class EntryReader {
 public:
  explicit EntryReader(std::string* error) : error_(error) {}

  bool Fail(std::string what) {
    if (error_->empty()) *error_ = std::move(what);
    return false;
  }

  const JsonValue* Get(const JsonValue& o, const char* name) {
    if (!o.IsObject()) return nullptr;
    auto it = o.FindMember(name);
    return it == o.MemberEnd() ? nullptr : &it->value;
  }
  bool String(const JsonValue& o, const char* name, std::string* out) {
    const JsonValue* v = Get(o, name);
    if (!v || !v->IsString()) return Fail(std::string("\"") + name + "\" is not a string");
    out->assign(v->GetString(), v->GetStringLength());
    return true;
  }
  bool Uint64(const JsonValue& o, const char* name, uint64_t* out) {
    const JsonValue* v = Get(o, name);
    if (!v || !v->IsUint64()) return Fail(std::string("\"") + name + "\" is not an unsigned integer");
    *out = v->GetUint64();
    return true;
  }
  bool Int64(const JsonValue& o, const char* name, int64_t* out) {
    const JsonValue* v = Get(o, name);
    if (!v || !v->IsInt64()) return Fail(std::string("\"") + name + "\" is not an integer");
    *out = v->GetInt64();
    return true;
  }
  bool Bool(const JsonValue& o, const char* name, bool* out) {
    const JsonValue* v = Get(o, name);
    if (!v || !v->IsBool()) return Fail(std::string("\"") + name + "\" is not a boolean");
    *out = v->GetBool();
    return true;
  }
  const JsonValue* Array(const JsonValue& o, const char* name) {
    const JsonValue* v = Get(o, name);
    if (!v || !v->IsArray()) Fail(std::string("\"") + name + "\" is not an array");
    return v && v->IsArray() ? v : nullptr;
  }
  bool KeyAttribute(const JsonValue& o, eddy::KeyAttribute* key) {
    std::string type;
    if (!o.IsObject()) return Fail("a key attribute is not an object");
    if (!String(o, "name", &key->name) || !String(o, "type", &type)) return false;
    if (type == "S") {
      key->type = AttributeType::kString;
    } else if (type == "N") {
      key->type = AttributeType::kNumber;
    } else if (type == "B") {
      key->type = AttributeType::kBinary;
    } else {
      return Fail("bad key attribute type \"" + type + "\"");
    }
    return true;
  }
  bool KeySchema(const JsonValue& o, eddy::KeySchema* schema) {
    const JsonValue* hash = Get(o, "hash");
    if (!hash || !KeyAttribute(*hash, &schema->hash)) return Fail("bad \"hash\"");
    if (const JsonValue* range = Get(o, "range")) {
      if (!KeyAttribute(*range, &schema->range.emplace())) return false;
    }
    for (const auto& [name, more] : {std::pair{"more_hash", &schema->more_hash}, std::pair{"more_range", &schema->more_range}}) {
      if (!Get(o, name)) continue;
      const JsonValue* list = Array(o, name);
      if (!list) return false;
      for (const JsonValue& k : list->GetArray()) {
        if (!KeyAttribute(k, &more->emplace_back())) return false;
      }
    }
    if (!schema->more_range.empty() && !schema->range) return Fail("\"more_range\" without \"range\"");
    return true;
  }
  bool Throughput(const JsonValue& o, ProvisionedThroughput* t) {
    return Int64(o, "rcu", &t->read_capacity_units) && Int64(o, "wcu", &t->write_capacity_units);
  }
  bool Index(const JsonValue& o, IndexInfo* index) {
    if (!o.IsObject()) return Fail("an index is not an object");
    std::string projection, status;
    index->key_space.is_index = true;
    if (!String(o, "name", &index->name) || !Bool(o, "global", &index->global) ||
        !Uint64(o, "id", &index->key_space.id) || !KeySchema(o, &index->key_space.schema) ||
        !String(o, "projection", &projection) || !Throughput(o, &index->throughput) ||
        !String(o, "status", &status) || !Bool(o, "backfilling", &index->backfilling)) {
      return false;
    }
    auto projection_type = ProjectionTypeFromName(projection);
    if (!projection_type) return Fail("bad projection \"" + projection + "\"");
    index->projection = *projection_type;
    auto index_status = IndexStatusFromName(status);
    if (!index_status) return Fail("bad index status \"" + status + "\"");
    index->status = *index_status;
    const JsonValue* names = Array(o, "non_key_attributes");
    if (!names) return false;
    for (const JsonValue& name : names->GetArray()) {
      if (!name.IsString()) return Fail("a non-key attribute is not a string");
      index->non_key_attributes.emplace_back(name.GetString(), name.GetStringLength());
    }
    return true;
  }

 private:
  std::string* error_;
};

}  // namespace

std::string SerializeTable(const TableInfo& t) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("format");
  w.Int(storage::kCatalogFormatVersion);
  WriteString(w, "name", t.name);
  w.Key("id");
  w.Uint64(t.key_space.id);
  WriteString(w, "table_id", t.table_id);
  WriteKeySchema(w, t.key_space.schema);
  w.Key("attributes");
  w.StartArray();
  for (const auto& a : t.attribute_definitions) WriteKeyAttribute(w, {a.name, a.type});
  w.EndArray();
  w.Key("pay_per_request");
  w.Bool(t.billing_mode == BillingMode::kPayPerRequest);
  WriteThroughput(w, t.throughput);
  w.Key("created");
  w.Int64(t.creation_millis);
  w.Key("billing_updated");
  w.Int64(t.billing_mode_updated_millis);
  w.Key("stream_enabled");
  w.Bool(t.stream.enabled);
  WriteString(w, "stream_view_type", t.stream.view_type);
  WriteString(w, "stream_label", t.stream.label);
  w.Key("streams");
  w.StartArray();
  for (const StreamDescriptor& d : t.streams) {
    w.StartObject();
    WriteString(w, "label", d.label);
    WriteString(w, "view_type", d.view_type);
    w.Key("created");
    w.Int64(d.created_millis);
    w.Key("closed");
    w.Int64(d.closed_millis);
    w.Key("start");
    w.Uint64(d.start_sequence);
    w.EndObject();
  }
  w.EndArray();
  w.Key("ttl_enabled");
  w.Bool(t.ttl.enabled);
  WriteString(w, "ttl_attribute", t.ttl.attribute);
  w.Key("tags");
  w.StartObject();
  for (const auto& [key, value] : t.tags) {
    w.Key(key.c_str(), static_cast<rapidjson::SizeType>(key.size()));
    w.String(value);
  }
  w.EndObject();
  w.Key("indexes");
  w.StartArray();
  for (const IndexInfo& index : t.indexes) WriteIndex(w, index);
  w.EndArray();
  WriteString(w, "status", TableStatusName(t.status));
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

bool ParseTable(std::string_view text, TableInfo* t, std::string* error) {
  error->clear();
  EntryReader r(error);
  JsonDocument doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError() || !doc.IsObject()) return r.Fail("not a JSON object");
  // Entries written before the format version existed have none: version 1.
  int64_t format = 1;
  if (r.Get(doc, "format") && !r.Int64(doc, "format", &format)) return false;
  if (format < 1 || format > storage::kCatalogFormatVersion) {
    return r.Fail("unknown catalog format " + std::to_string(format) + " (this eddy reads up to " +
                  std::to_string(storage::kCatalogFormatVersion) + ")");
  }
  bool pay_per_request = false;
  if (!r.String(doc, "name", &t->name) || !r.Uint64(doc, "id", &t->key_space.id) ||
      !r.String(doc, "table_id", &t->table_id) || !r.KeySchema(doc, &t->key_space.schema) ||
      !r.Bool(doc, "pay_per_request", &pay_per_request) || !r.Throughput(doc, &t->throughput) ||
      !r.Int64(doc, "created", &t->creation_millis) ||
      !r.Int64(doc, "billing_updated", &t->billing_mode_updated_millis) ||
      !r.Bool(doc, "stream_enabled", &t->stream.enabled) ||
      !r.String(doc, "stream_view_type", &t->stream.view_type) ||
      !r.String(doc, "stream_label", &t->stream.label)) {
    return false;
  }
  t->key_space.is_index = false;
  t->billing_mode = pay_per_request ? BillingMode::kPayPerRequest : BillingMode::kProvisioned;
  const JsonValue* attributes = r.Array(doc, "attributes");
  if (!attributes) return false;
  for (const JsonValue& a : attributes->GetArray()) {
    KeyAttribute k;
    if (!r.KeyAttribute(a, &k)) return false;
    t->attribute_definitions.push_back({k.name, k.type});
  }
  if (r.Get(doc, "streams")) {
    const JsonValue* streams = r.Array(doc, "streams");
    if (!streams) return false;
    for (const JsonValue& d : streams->GetArray()) {
      StreamDescriptor s;
      if (!r.String(d, "label", &s.label) || !r.String(d, "view_type", &s.view_type) ||
          !r.Int64(d, "created", &s.created_millis) || !r.Int64(d, "closed", &s.closed_millis)) {
        return false;
      }
      if (r.Get(d, "start") && !r.Uint64(d, "start", &s.start_sequence)) return false;
      t->streams.push_back(std::move(s));
    }
  }
  if (const JsonValue* tags = r.Get(doc, "tags")) {
    if (!tags->IsObject()) return r.Fail("\"tags\" is not an object");
    for (const auto& m : tags->GetObject()) {
      if (!m.value.IsString()) return r.Fail("a tag value is not a string");
      t->tags.emplace(std::string(m.name.GetString(), m.name.GetStringLength()),
                      std::string(m.value.GetString(), m.value.GetStringLength()));
    }
  }
  if (r.Get(doc, "ttl_enabled")) {
    if (!r.Bool(doc, "ttl_enabled", &t->ttl.enabled) || !r.String(doc, "ttl_attribute", &t->ttl.attribute)) {
      return false;
    }
  }
  if (format >= 2) {
    const JsonValue* indexes = r.Array(doc, "indexes");
    if (!indexes) return false;
    for (const JsonValue& i : indexes->GetArray()) {
      if (!r.Index(i, &t->indexes.emplace_back())) return false;
    }
    std::string status;
    if (!r.String(doc, "status", &status)) return false;
    auto table_status = TableStatusFromName(status);
    if (!table_status) return r.Fail("bad table status \"" + status + "\"");
    t->status = *table_status;
  }
  return true;
}

}  // namespace eddy
