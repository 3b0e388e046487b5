// Item codec: the compact binary form of an Item stored as the value of the
// "items" column family (format in storage/layout.h: a version byte, then
// varint-prefixed names and tagged values). On every read and write path, so
// it is plain byte appends and no intermediate representation (no JSON).
#pragma once

#include <string>
#include <string_view>

#include "core/attribute_value.h"

namespace eddy::storage {

// Appends the encoding of `item` to `*out`. The item's DynamoDB size
// (core/item_size.h) is stored with it, so writers learn an old item's size
// without decoding it; pass it when already computed.
void EncodeItem(const Item& item, size_t item_size, std::string* out);
void EncodeItem(const Item& item, std::string* out);
std::string EncodeItem(const Item& item);

// The DynamoDB size stored by EncodeItem, read without decoding the item.
bool StoredItemSize(std::string_view bytes, size_t* item_size);

// Decodes `bytes` into `*item` (replacing its contents). Returns false on
// anything but a well-formed encoding of the current format version --
// truncation, trailing bytes, unknown tags, unsorted or duplicate map names
// or set members, non-canonical numbers, nesting deeper than kMaxDecodeDepth
// -- in which case `*item` is unspecified. Never crashes on garbage.
bool DecodeItem(std::string_view bytes, Item* item);

// DynamoDB allows 32 levels of nesting (documents "Nested attribute depth");
// the decoder allows some slack but bounds recursion on corrupt input.
inline constexpr int kMaxDecodeDepth = 64;

}  // namespace eddy::storage
