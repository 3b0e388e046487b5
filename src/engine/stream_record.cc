#include "engine/stream_record.h"

#include <cstdio>

#include "core/json.h"
#include "core/json_codec.h"
#include "core/item_size.h"
#include "storage/item_codec.h"
#include "storage/key_codec.h"

namespace eddy {
namespace {

constexpr uint8_t kInsert = 1, kModify = 2, kRemove = 3, kTtlDelete = 0x80;

void PutLengthPrefixed(std::string* out, std::string_view bytes) {
  uint32_t v = static_cast<uint32_t>(bytes.size());
  while (v >= 0x80) {
    out->push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
  out->append(bytes);
}

bool GetLengthPrefixed(std::string_view* in, std::string_view* bytes) {
  uint32_t length = 0;
  for (int shift = 0;; shift += 7) {
    if (in->empty() || shift > 28) return false;
    const auto byte = static_cast<uint8_t>((*in)[0]);
    in->remove_prefix(1);
    length |= static_cast<uint32_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) break;
  }
  if (length > in->size()) return false;
  *bytes = in->substr(0, length);
  in->remove_prefix(length);
  return true;
}

// A stable eventID: the same record read twice has the same id, as a reader
// that de-duplicates expects. Derived from the sequence number, which is
// unique per eddy data directory.
std::string EventId(uint64_t sequence) {
  uint64_t mixed = sequence * 0x9E3779B97F4A7C15ull;
  mixed ^= mixed >> 29;
  char text[33];
  std::snprintf(text, sizeof(text), "%016llx%016llx", static_cast<unsigned long long>(mixed),
                static_cast<unsigned long long>(sequence));
  return text;
}

// Writes "name": <image> from item-codec bytes; returns its DynamoDB size.
bool WriteImage(JsonWriter& w, const char* name, std::string_view bytes, size_t* size) {
  Item item;
  if (!storage::DecodeItem(bytes, &item) || !storage::StoredItemSize(bytes, size)) return false;
  w.Key(name);
  EncodeAttributeMap(w, item);
  return true;
}

}  // namespace

void EncodeStreamRecord(std::string_view view_type, bool had_item, bool has_item, bool ttl_delete,
                        std::string_view storage_key, std::string_view old_bytes,
                        std::string_view new_bytes, std::string* out) {
  const bool keep_new = view_type == "NEW_IMAGE" || view_type == "NEW_AND_OLD_IMAGES";
  const bool keep_old = view_type == "OLD_IMAGE" || view_type == "NEW_AND_OLD_IMAGES";
  uint8_t flags = !had_item ? kInsert : (has_item ? kModify : kRemove);
  if (ttl_delete) flags |= kTtlDelete;
  out->reserve(out->size() + 16 + storage_key.size() + (keep_old ? old_bytes.size() : 0) +
               (keep_new ? new_bytes.size() : 0));
  out->push_back(static_cast<char>(flags));
  PutLengthPrefixed(out, storage_key);
  PutLengthPrefixed(out, keep_old ? old_bytes : std::string_view());
  PutLengthPrefixed(out, keep_new ? new_bytes : std::string_view());
}

bool RenderStreamRecord(std::string_view record, const KeySchema& key_schema,
                        std::string_view view_type, uint64_t sequence, int64_t created_millis,
                        std::string* json_members) {
  if (record.empty()) return false;
  const auto flags = static_cast<uint8_t>(record[0]);
  record.remove_prefix(1);
  std::string_view storage_key, old_image, new_image;
  if (!GetLengthPrefixed(&record, &storage_key) || !GetLengthPrefixed(&record, &old_image) ||
      !GetLengthPrefixed(&record, &new_image) || !record.empty()) {
    return false;
  }
  const uint8_t event = flags & 0x7F;
  const char* event_name = event == kInsert ? "INSERT" : event == kModify ? "MODIFY" : "REMOVE";

  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();  // stripped below: the reader adds awsRegion
  w.Key("eventID");
  w.String(EventId(sequence));
  w.Key("eventName");
  w.String(event_name);
  w.Key("eventVersion");
  w.String("1.1");
  w.Key("eventSource");
  w.String("aws:dynamodb");
  w.Key("dynamodb");
  w.StartObject();
  w.Key("ApproximateCreationDateTime");
  w.Int64(created_millis / 1000);
  Item keys;
  AttributeValue partition, sort;
  if (!storage::DecodeItemKey(storage_key, key_schema, &partition,
                              key_schema.range ? &sort : nullptr)) {
    return false;
  }
  keys.emplace(key_schema.hash.name, std::move(partition));
  if (key_schema.range) keys.emplace(key_schema.range->name, std::move(sort));
  size_t size = ItemSize(keys), part = 0;
  w.Key("Keys");
  EncodeAttributeMap(w, keys);
  if (!new_image.empty()) {
    if (!WriteImage(w, "NewImage", new_image, &part)) return false;
    size += part;
  }
  if (!old_image.empty()) {
    if (!WriteImage(w, "OldImage", old_image, &part)) return false;
    size += part;
  }
  w.Key("SequenceNumber");
  w.String(SequenceNumberText(sequence));
  w.Key("SizeBytes");
  w.Uint64(size);
  w.Key("StreamViewType");
  w.String(view_type.data(), static_cast<rapidjson::SizeType>(view_type.size()));
  w.EndObject();
  if (flags & kTtlDelete) {
    // The Streams API's spelling (botocore's Identity shape); Lambda's
    // DynamoDB event spells the same object {"type", "principalId"}.
    w.Key("userIdentity");
    w.StartObject();
    w.Key("PrincipalId");
    w.String("dynamodb.amazonaws.com");
    w.Key("Type");
    w.String("Service");
    w.EndObject();
  }
  w.EndObject();
  std::string_view json(buffer.GetString(), buffer.GetSize());
  json_members->assign(json.substr(1, json.size() - 2));
  return true;
}

std::string SequenceNumberText(uint64_t sequence) {
  char text[32];
  std::snprintf(text, sizeof(text), "%021llu", static_cast<unsigned long long>(sequence));
  return text;
}

}  // namespace eddy
