#include "engine/stream_record.h"

#include <cstdio>
#include <random>

#include "core/item_size.h"
#include "core/json.h"
#include "core/json_codec.h"
#include "engine/primary_key.h"

namespace eddy {
namespace {

std::string RandomEventId() {
  thread_local std::mt19937_64 rng(std::random_device{}());
  char text[33];
  std::snprintf(text, sizeof(text), "%016llx%016llx", static_cast<unsigned long long>(rng()),
                static_cast<unsigned long long>(rng()));
  return text;
}

}  // namespace

std::string_view StreamEventName(bool had_item, bool has_item) {
  if (!had_item) return "INSERT";
  return has_item ? "MODIFY" : "REMOVE";
}

std::string SequenceNumberText(uint64_t sequence) {
  char text[32];
  std::snprintf(text, sizeof(text), "%021llu", static_cast<unsigned long long>(sequence));
  return text;
}

std::string StreamRecordMembers(const TableInfo& table, std::string_view view_type,
                                uint64_t sequence, int64_t now_millis, const Item* old_item,
                                const Item* new_item, bool ttl_delete) {
  const bool new_image = new_item && (view_type == "NEW_IMAGE" || view_type == "NEW_AND_OLD_IMAGES");
  const bool old_image = old_item && (view_type == "OLD_IMAGE" || view_type == "NEW_AND_OLD_IMAGES");
  const Item keys = KeyAttributesOf(table, new_item ? *new_item : *old_item);
  size_t size = ItemSize(keys);
  if (new_image) size += ItemSize(*new_item);
  if (old_image) size += ItemSize(*old_item);

  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  // Written as an object, then stripped of its braces below.
  w.StartObject();
  w.Key("eventID");
  w.String(RandomEventId());
  w.Key("eventName");
  const std::string_view name = StreamEventName(old_item != nullptr, new_item != nullptr);
  w.String(name.data(), static_cast<rapidjson::SizeType>(name.size()));
  w.Key("eventVersion");
  w.String("1.1");
  w.Key("eventSource");
  w.String("aws:dynamodb");
  w.Key("dynamodb");
  w.StartObject();
  w.Key("ApproximateCreationDateTime");
  w.Int64(now_millis / 1000);
  w.Key("Keys");
  EncodeAttributeMap(w, keys);
  if (new_image) {
    w.Key("NewImage");
    EncodeAttributeMap(w, *new_item);
  }
  if (old_image) {
    w.Key("OldImage");
    EncodeAttributeMap(w, *old_item);
  }
  w.Key("SequenceNumber");
  w.String(SequenceNumberText(sequence));
  w.Key("SizeBytes");
  w.Uint64(size);
  w.Key("StreamViewType");
  w.String(view_type.data(), static_cast<rapidjson::SizeType>(view_type.size()));
  w.EndObject();
  if (ttl_delete) {
    w.Key("userIdentity");
    w.StartObject();
    w.Key("type");
    w.String("Service");
    w.Key("principalId");
    w.String("dynamodb.amazonaws.com");
    w.EndObject();
  }
  w.EndObject();
  std::string_view json(buffer.GetString(), buffer.GetSize());
  return std::string(json.substr(1, json.size() - 2));
}

}  // namespace eddy
