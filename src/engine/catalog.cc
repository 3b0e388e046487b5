#include "engine/catalog.h"

#include <cstring>
#include <mutex>

#include "core/json.h"

namespace eddy {
namespace {

constexpr std::string_view kTablePrefix = "table/";
constexpr std::string_view kStatsPrefix = "stats/";
constexpr std::string_view kNextTableIdKey = "meta/next_table_id";
constexpr std::string_view kCleanShutdownKey = "meta/clean_shutdown";

std::string TableKey(std::string_view name) { return std::string(kTablePrefix).append(name); }

std::string StatsKey(uint64_t id) {
  std::string key(kStatsPrefix);
  for (int shift = 56; shift >= 0; shift -= 8) key.push_back(static_cast<char>(id >> shift));
  return key;
}

std::string EncodeU64Pair(uint64_t a, uint64_t b) {
  std::string out(16, '\0');
  std::memcpy(out.data(), &a, 8);
  std::memcpy(out.data() + 8, &b, 8);
  return out;
}

// Key attribute types are persisted by their descriptor ("S", "N", "B").
AttributeType KeyTypeFromDescriptor(std::string_view d) {
  if (d == "N") return AttributeType::kNumber;
  if (d == "B") return AttributeType::kBinary;
  return AttributeType::kString;
}

void WriteKeyAttribute(JsonWriter& w, const KeyAttribute& key) {
  w.StartObject();
  w.Key("name");
  w.String(key.name);
  w.Key("type");
  w.String(std::string(TypeDescriptor(key.type)));
  w.EndObject();
}

KeyAttribute ReadKeyAttribute(const JsonValue& v) {
  return {v["name"].GetString(), KeyTypeFromDescriptor(v["type"].GetString())};
}

std::string SerializeTable(const TableInfo& t) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("name");
  w.String(t.name);
  w.Key("id");
  w.Uint64(t.id);
  w.Key("table_id");
  w.String(t.table_id);
  w.Key("hash");
  WriteKeyAttribute(w, t.key_schema.hash);
  if (t.key_schema.range) {
    w.Key("range");
    WriteKeyAttribute(w, *t.key_schema.range);
  }
  w.Key("attributes");
  w.StartArray();
  for (const auto& a : t.attribute_definitions) WriteKeyAttribute(w, {a.name, a.type});
  w.EndArray();
  w.Key("pay_per_request");
  w.Bool(t.billing_mode == BillingMode::kPayPerRequest);
  w.Key("rcu");
  w.Int64(t.throughput.read_capacity_units);
  w.Key("wcu");
  w.Int64(t.throughput.write_capacity_units);
  w.Key("created");
  w.Int64(t.creation_millis);
  w.Key("billing_updated");
  w.Int64(t.billing_mode_updated_millis);
  w.Key("stream_enabled");
  w.Bool(t.stream.enabled);
  w.Key("stream_view_type");
  w.String(t.stream.view_type);
  w.Key("stream_label");
  w.String(t.stream.label);
  w.Key("streams");
  w.StartArray();
  for (const StreamDescriptor& d : t.streams) {
    w.StartObject();
    w.Key("label");
    w.String(d.label);
    w.Key("view_type");
    w.String(d.view_type);
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
  w.Key("ttl_attribute");
  w.String(t.ttl.attribute);
  w.Key("tags");
  w.StartObject();
  for (const auto& [key, value] : t.tags) {
    w.Key(key.c_str(), static_cast<rapidjson::SizeType>(key.size()));
    w.String(value);
  }
  w.EndObject();
  w.EndObject();
  return buffer.GetString();
}

bool ParseTable(std::string_view text, TableInfo* t) {
  JsonDocument doc;
  doc.Parse(text.data(), text.size());
  if (doc.HasParseError() || !doc.IsObject()) return false;
  t->name = doc["name"].GetString();
  t->id = doc["id"].GetUint64();
  t->table_id = doc["table_id"].GetString();
  t->key_schema.hash = ReadKeyAttribute(doc["hash"]);
  if (doc.HasMember("range")) t->key_schema.range = ReadKeyAttribute(doc["range"]);
  for (const auto& a : doc["attributes"].GetArray()) {
    KeyAttribute k = ReadKeyAttribute(a);
    t->attribute_definitions.push_back({k.name, k.type});
  }
  t->billing_mode = doc["pay_per_request"].GetBool() ? BillingMode::kPayPerRequest
                                                     : BillingMode::kProvisioned;
  t->throughput.read_capacity_units = doc["rcu"].GetInt64();
  t->throughput.write_capacity_units = doc["wcu"].GetInt64();
  t->creation_millis = doc["created"].GetInt64();
  t->billing_mode_updated_millis = doc["billing_updated"].GetInt64();
  t->stream.enabled = doc["stream_enabled"].GetBool();
  t->stream.view_type = doc["stream_view_type"].GetString();
  t->stream.label = doc["stream_label"].GetString();
  if (doc.HasMember("streams")) {
    for (const auto& d : doc["streams"].GetArray()) {
      t->streams.push_back({d["label"].GetString(), d["view_type"].GetString(),
                            d["created"].GetInt64(), d["closed"].GetInt64(),
                            d.HasMember("start") ? d["start"].GetUint64() : 0});
    }
  }
  if (doc.HasMember("tags")) {
    for (const auto& m : doc["tags"].GetObject()) {
      t->tags.emplace(std::string(m.name.GetString(), m.name.GetStringLength()),
                      std::string(m.value.GetString(), m.value.GetStringLength()));
    }
  }
  if (doc.HasMember("ttl_enabled")) {
    t->ttl.enabled = doc["ttl_enabled"].GetBool();
    t->ttl.attribute = doc["ttl_attribute"].GetString();
  }
  return true;
}

}  // namespace

rocksdb::Status Catalog::Load() {
  std::unique_lock lock(mutex_);
  auto it = store_.NewIterator(store_.catalog(), nullptr, nullptr);
  std::map<uint64_t, std::pair<int64_t, int64_t>> stats;
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    std::string_view key = it->key().ToStringView();
    std::string_view value = it->value().ToStringView();
    if (key.starts_with(kTablePrefix)) {
      auto info = std::make_shared<TableInfo>();
      if (!ParseTable(value, info.get())) {
        return rocksdb::Status::Corruption("bad catalog entry", std::string(key));
      }
      info->stats->live = info.get();
      tables_[info->name] = std::move(info);
    } else if (key.starts_with(kStatsPrefix) && value.size() == 16) {
      uint64_t id = 0;
      for (char c : key.substr(kStatsPrefix.size())) id = (id << 8) | static_cast<uint8_t>(c);
      int64_t count, bytes;
      std::memcpy(&count, value.data(), 8);
      std::memcpy(&bytes, value.data() + 8, 8);
      stats[id] = {count, bytes};
    } else if (key == kCleanShutdownKey) {
      stats_trusted_ = true;
    } else if (key == kNextTableIdKey && value.size() == 8) {
      std::memcpy(&next_table_id_, value.data(), 8);
    }
  }
  if (!it->status().ok()) return it->status();
  for (auto& [name, info] : tables_) {
    auto found = stats.find(info->id);
    if (found == stats.end()) continue;
    info->stats->item_count = found->second.first;
    info->stats->size_bytes = found->second.second;
  }
  return rocksdb::Status::OK();
}

TableInfoPtr Catalog::Find(std::string_view name) const {
  std::shared_lock lock(mutex_);
  auto it = tables_.find(name);
  return it == tables_.end() ? nullptr : it->second;
}

std::vector<std::string> Catalog::Names() const {
  std::shared_lock lock(mutex_);
  std::vector<std::string> names;
  names.reserve(tables_.size());
  for (const auto& [name, info] : tables_) names.push_back(name);
  return names;
}

uint64_t Catalog::AllocateTableId(rocksdb::WriteBatch* batch) {
  std::unique_lock lock(mutex_);
  uint64_t id = next_table_id_++;
  std::string value(8, '\0');
  std::memcpy(value.data(), &next_table_id_, 8);
  batch->Put(store_.catalog(), kNextTableIdKey, value).PermitUncheckedError();
  return id;
}

void Catalog::StageTable(const TableInfo& info, rocksdb::WriteBatch* batch) const {
  batch->Put(store_.catalog(), TableKey(info.name), SerializeTable(info)).PermitUncheckedError();
}

void Catalog::StageRemoval(const TableInfo& info, rocksdb::WriteBatch* batch) const {
  batch->Delete(store_.catalog(), TableKey(info.name)).PermitUncheckedError();
  batch->Delete(store_.catalog(), StatsKey(info.id)).PermitUncheckedError();
}

void Catalog::Publish(TableInfoPtr info) {
  std::unique_lock lock(mutex_);
  info->stats->live = info.get();
  tables_[info->name] = std::move(info);
}

void Catalog::Unpublish(std::string_view name) {
  std::unique_lock lock(mutex_);
  auto it = tables_.find(name);
  if (it == tables_.end()) return;
  it->second->stats->live = nullptr;
  tables_.erase(it);
}

void Catalog::StageShutdown(rocksdb::WriteBatch* batch) const {
  std::shared_lock lock(mutex_);
  for (const auto& [name, info] : tables_) {
    batch->Put(store_.catalog(), StatsKey(info->id),
               EncodeU64Pair(static_cast<uint64_t>(info->stats->item_count.load()),
                             static_cast<uint64_t>(info->stats->size_bytes.load())))
        .PermitUncheckedError();
  }
  batch->Put(store_.catalog(), kCleanShutdownKey, "").PermitUncheckedError();
}

void Catalog::StageOpened(rocksdb::WriteBatch* batch) const {
  batch->Delete(store_.catalog(), kCleanShutdownKey).PermitUncheckedError();
}

}  // namespace eddy
