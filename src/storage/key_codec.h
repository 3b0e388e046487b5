// Key codec: turns a key space (a table or one of its indexes) and key
// attribute values into RocksDB keys of the "items" and "indexes" column
// families, and back. The byte layout is documented in storage/layout.h.
// Pure functions; nothing here touches RocksDB.
//
// Contract for every Append*/ItemKey/PartitionPrefix/PartitionHash argument:
// the value is an S, N or B AttributeValue (the engine validates key types
// against the KeySchema before building keys); anything else is a
// programmer error (assert).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/attribute_value.h"
#include "core/table_schema.h"

namespace eddy::storage {

// Appends the order-preserving encoding of an S, N or B value (sort key):
// for two values of the same type, memcmp order of the encodings is
// DynamoDB's order (S and B by unsigned bytes, N by numeric value). For S and
// B the encoding of a prefix is a prefix of the encoding (begins_with).
void AppendSortKey(std::string* out, const AttributeValue& value);

// Appends the self-delimiting encoding of an S, N or B value (partition key).
// No encoding is a proper prefix of another.
void AppendPartitionKey(std::string* out, const AttributeValue& value);

// Stable 32-bit hash of the encoded partition key. Part of the disk format:
// never change it.
uint32_t PartitionHash(const AttributeValue& partition_key);

// Appends the self-delimiting order-preserving encoding of an S, N or B
// value (an index's sort key, which the item's key follows): S and B escape
// 0x00 as 0x00 0xFF and end with 0x00 0x01; N is the number encoding. For S
// and B the encoding of a prefix, less its last two bytes, is a prefix of
// the encoding (begins_with).
void AppendDelimitedSortKey(std::string* out, const AttributeValue& value);

// Appends a sort key value as `space` stores it: AppendSortKey for a table,
// AppendDelimitedSortKey for an index.
void AppendSortKeyOf(const KeySpace& space, std::string* out, const AttributeValue& value);

// The first key after every key of `space` that starts with `key`, a
// partition prefix followed by one whole sort key (as AppendSortKeyOf wrote
// it): so [key, SortKeyEnd(key)) is every entry with exactly that sort key.
std::string SortKeyEnd(const KeySpace& space, std::string key);

// Full item key of a table (space.is_index false): table prefix + hash +
// partition key [+ sort key]. `sort` is null exactly for tables without a
// range key.
std::string ItemKey(const KeySpace& table, const AttributeValue& partition,
                    const AttributeValue* sort);

// Key of an index entry (space.is_index true): index prefix + hash +
// partition key [+ delimited sort key] + the item's key without its table id.
// With a multi-attribute key, `partition` holds every partition attribute's
// value and `sorts` every sort attribute's (empty without a sort key): the
// partition is their concatenated encodings, hashed together, and the sort
// key their concatenated delimited encodings (tuple order).
std::string IndexEntryKey(const KeySpace& index, const std::vector<const AttributeValue*>& partition,
                          const std::vector<const AttributeValue*>& sorts, std::string_view item_key);

// Prefix of every entry of `space` with this partition key (the range of a
// Query). For a table without a range key it equals the item's whole key.
std::string PartitionPrefix(const KeySpace& space, const AttributeValue& partition);
// The same for a multi-attribute partition key (every attribute's value).
std::string PartitionPrefix(const KeySpace& space, const std::vector<const AttributeValue*>& partition);

// Prefix of every item of a table.
std::string TablePrefix(uint64_t table_id);

// Inclusive lower bound of parallel Scan segment `segment` of `total`
// (0 <= segment <= total, 1 <= total): the segment covers partition hashes
// [floor(segment * 2^32 / total), floor((segment + 1) * 2^32 / total)).
// SegmentStart(t, total, total) is the end of the table (the successor of
// TablePrefix(t)), so segment s is always [SegmentStart(s), SegmentStart(s+1)).
std::string SegmentStart(uint64_t table_id, uint32_t segment, uint32_t total);

// Smallest key greater than every key that starts with `prefix` (for
// iterate_upper_bound); "" if there is none (prefix empty or all 0xFF).
std::string PrefixSuccessor(std::string prefix);

// Decodes the key attributes back out of an item key (LastEvaluatedKey,
// ExclusiveStartKey round trips, stream records). Checks the tags against
// `schema` and the stored hash; false if `key` is not a well-formed item key
// of a table with this schema. `sort` may be null to skip the sort key; it
// is left untouched when the schema has no range key.
bool DecodeItemKey(std::string_view key, const KeySchema& schema, AttributeValue* partition,
                   AttributeValue* sort);

// The number encoding of layout.h on its own, shared with the item codec.
void AppendNumber(std::string* out, const Number& number);
// Consumes one encoded number from the front of `*input`; false (input
// unspecified) on malformed bytes.
bool ConsumeNumber(std::string_view* input, Number* number);

}  // namespace eddy::storage
