#include "storage/item_codec.h"

#include <cassert>
#include <iterator>

#include "core/item_size.h"
#include "storage/key_codec.h"
#include "storage/layout.h"

namespace eddy::storage {

namespace {

// ---- Encoding ----

void PutVarint32(std::string* out, uint32_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void PutLengthPrefixed(std::string* out, std::string_view bytes) {
  assert(bytes.size() <= UINT32_MAX);
  PutVarint32(out, static_cast<uint32_t>(bytes.size()));
  out->append(bytes);
}

void PutCount(std::string* out, size_t count) {
  assert(count <= UINT32_MAX);
  PutVarint32(out, static_cast<uint32_t>(count));
}

void PutTag(std::string* out, uint8_t tag) { out->push_back(static_cast<char>(tag)); }

void EncodeMapBody(const AttributeMap& map, std::string* out);

void EncodeValue(const AttributeValue& value, std::string* out) {
  switch (value.type) {
    case AttributeType::kNull: PutTag(out, kValueTagNull); return;
    case AttributeType::kBool:
      PutTag(out, value.as_bool() ? kValueTagTrue : kValueTagFalse);
      return;
    case AttributeType::kString:
      PutTag(out, kValueTagString);
      PutLengthPrefixed(out, value.as_string());
      return;
    case AttributeType::kBinary:
      PutTag(out, kValueTagBinary);
      PutLengthPrefixed(out, value.as_string());
      return;
    case AttributeType::kNumber:
      PutTag(out, kValueTagNumber);
      AppendNumber(out, value.as_number());
      return;
    case AttributeType::kStringSet:
    case AttributeType::kBinarySet: {
      PutTag(out, value.type == AttributeType::kStringSet ? kValueTagStringSet
                                                            : kValueTagBinarySet);
      const auto& members = value.as_string_set();
      PutCount(out, members.size());
      for (const std::string& member : members) PutLengthPrefixed(out, member);
      return;
    }
    case AttributeType::kNumberSet: {
      PutTag(out, kValueTagNumberSet);
      const auto& members = value.as_number_set();
      PutCount(out, members.size());
      for (const Number& member : members) AppendNumber(out, member);
      return;
    }
    case AttributeType::kList: {
      PutTag(out, kValueTagList);
      const AttributeList& list = value.as_list();
      PutCount(out, list.size());
      for (const AttributeValue& element : list) EncodeValue(element, out);
      return;
    }
    case AttributeType::kMap:
      PutTag(out, kValueTagMap);
      EncodeMapBody(value.as_map(), out);
      return;
  }
}

void EncodeMapBody(const AttributeMap& map, std::string* out) {
  PutCount(out, map.size());
  for (const auto& [name, value] : map) {
    PutLengthPrefixed(out, name);
    EncodeValue(value, out);
  }
}

// ---- Decoding ----

// A cursor over untrusted bytes: every read is bounds-checked, and every
// count is checked against the bytes left before anything is allocated, so
// a corrupt length can neither overrun nor trigger a huge allocation.
class Decoder {
 public:
  explicit Decoder(std::string_view in) : in_(in) {}

  bool done() const { return in_.empty(); }

  // The item's DynamoDB size, stored after the version byte.
  bool Size(uint32_t* size) { return Varint32(size); }

  bool MapBody(AttributeMap* map, int depth) {
    if (depth > kMaxDecodeDepth) return false;
    map->clear();
    uint32_t count;
    // Each entry takes at least two bytes (name length, value tag).
    if (!Varint32(&count) || count > in_.size() / 2) return false;
    for (uint32_t i = 0; i < count; ++i) {
      std::string_view name;
      if (!LengthPrefixed(&name)) return false;
      // The encoder writes names in map order: anything else is corruption.
      if (!map->empty() && !(std::prev(map->end())->first < name)) return false;
      auto it = map->emplace_hint(map->end(), std::string(name), AttributeValue());
      if (!Value(&it->second, depth)) return false;
    }
    return true;
  }

 private:
  bool Varint32(uint32_t* value) {
    uint32_t result = 0;
    for (int shift = 0; shift <= 28; shift += 7) {
      if (in_.empty()) return false;
      const auto byte = static_cast<uint8_t>(in_[0]);
      in_.remove_prefix(1);
      if (shift == 28 && byte > 0x0F) return false;  // more than 32 bits
      result |= static_cast<uint32_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) {
        *value = result;
        return true;
      }
    }
    return false;
  }

  bool LengthPrefixed(std::string_view* bytes) {
    uint32_t length;
    if (!Varint32(&length) || length > in_.size()) return false;
    *bytes = in_.substr(0, length);
    in_.remove_prefix(length);
    return true;
  }

  bool String(std::string* out) {
    std::string_view bytes;
    if (!LengthPrefixed(&bytes)) return false;
    out->assign(bytes);
    return true;
  }

  // A count of elements that each take at least one byte.
  bool Count(uint32_t* count) { return Varint32(count) && *count <= in_.size(); }

  bool StringSet(std::vector<std::string>* members) {
    uint32_t count;
    if (!Count(&count)) return false;
    members->reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
      std::string_view member;
      if (!LengthPrefixed(&member)) return false;
      if (!members->empty() && !(members->back() < member)) return false;
      members->emplace_back(member);
    }
    return true;
  }

  bool NumberSet(std::vector<Number>* members) {
    uint32_t count;
    if (!Count(&count)) return false;
    members->reserve(count);
    for (uint32_t i = 0; i < count; ++i) {
      Number member;
      if (!ConsumeNumber(&in_, &member)) return false;
      if (!members->empty() && !(members->back() < member)) return false;
      members->push_back(std::move(member));
    }
    return true;
  }

  bool List(AttributeList* list, int depth) {
    uint32_t count;
    if (!Count(&count)) return false;
    list->resize(count);
    for (AttributeValue& element : *list) {
      if (!Value(&element, depth)) return false;
    }
    return true;
  }

  // `depth` is the nesting depth of the container holding this value.
  bool Value(AttributeValue* value, int depth) {
    if (in_.empty()) return false;
    const auto tag = static_cast<uint8_t>(in_[0]);
    in_.remove_prefix(1);
    switch (tag) {
      case kValueTagNull: *value = AttributeValue::Null(); return true;
      case kValueTagFalse: *value = AttributeValue::Bool(false); return true;
      case kValueTagTrue: *value = AttributeValue::Bool(true); return true;
      case kValueTagString:
      case kValueTagBinary:
        value->type = tag == kValueTagString ? AttributeType::kString : AttributeType::kBinary;
        return String(&value->data.emplace<std::string>());
      case kValueTagNumber:
        value->type = AttributeType::kNumber;
        return ConsumeNumber(&in_, &value->data.emplace<Number>());
      case kValueTagStringSet:
      case kValueTagBinarySet:
        value->type =
            tag == kValueTagStringSet ? AttributeType::kStringSet : AttributeType::kBinarySet;
        return StringSet(&value->data.emplace<std::vector<std::string>>());
      case kValueTagNumberSet:
        value->type = AttributeType::kNumberSet;
        return NumberSet(&value->data.emplace<std::vector<Number>>());
      case kValueTagList:
        if (depth + 1 > kMaxDecodeDepth) return false;
        value->type = AttributeType::kList;
        return List(&value->data.emplace<AttributeList>(), depth + 1);
      case kValueTagMap:
        value->type = AttributeType::kMap;
        return MapBody(&value->data.emplace<AttributeMap>(), depth + 1);
      default: return false;
    }
  }

  std::string_view in_;
};

}  // namespace

void EncodeItem(const Item& item, size_t item_size, std::string* out) {
  assert(item_size == ItemSize(item));
  out->push_back(static_cast<char>(kItemFormatVersion));
  PutCount(out, item_size);
  EncodeMapBody(item, out);
}

void EncodeItem(const Item& item, std::string* out) { EncodeItem(item, ItemSize(item), out); }

std::string EncodeItem(const Item& item) {
  std::string out;
  EncodeItem(item, &out);
  return out;
}

bool DecodeItem(std::string_view bytes, Item* item) {
  if (bytes.empty() || static_cast<uint8_t>(bytes[0]) != kItemFormatVersion) return false;
  Decoder decoder(bytes.substr(1));
  uint32_t size;
  return decoder.Size(&size) && decoder.MapBody(item, 0) && decoder.done();
}

bool StoredItemSize(std::string_view bytes, size_t* item_size) {
  if (bytes.empty() || static_cast<uint8_t>(bytes[0]) != kItemFormatVersion) return false;
  Decoder decoder(bytes.substr(1));
  uint32_t size;
  if (!decoder.Size(&size)) return false;
  *item_size = size;
  return true;
}

}  // namespace eddy::storage
