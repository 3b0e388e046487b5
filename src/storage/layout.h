// The on-disk layout of eddy's RocksDB database. Everything that decides
// what bytes land on disk is named here; changing any of it breaks existing
// data directories, so bump kItemFormatVersion (values) or add a new column
// family (keys) instead of editing in place.
//
// Column family "items" -- one entry per item of every table
// ----------------------------------------------------------
//   key   = table_id        8 bytes, big-endian (TablePrefix)
//         | partition_hash  4 bytes, big-endian: MurmurHash3_x86_32 (seed 0)
//                           of the encoded partition key below
//         | partition key   self-delimiting: type tag (1 byte, kKeyTag*)
//                           | length (4 bytes, big-endian) | payload
//         | sort key        only for tables with a range key; order-preserving
//                           and the last component, so it is not delimited
//   value = item codec bytes (item_codec.h):
//             kItemFormatVersion | varint32 DynamoDB item size | map body
//           map body   = count | count x (name | value), names in ascending
//                        byte order, no duplicates
//           value      = tag (1 byte, kValueTag*) | payload:
//             NULL, BOOL  none (kValueTagFalse / kValueTagTrue carry the bool)
//             S, B        length | bytes
//             N           the number encoding below (self-delimiting)
//             SS, BS      count | count x (length | bytes), ascending bytes
//             NS          count | count x number, ascending value
//             L           count | count x value
//             M           map body
//           count, length, name length: varint32 (LEB128, as leveldb's
//           PutVarint32); name = length | bytes.
//
//   Why the hash comes before the partition key: DynamoDB spreads items over
//   partitions by a hash of the partition key, and Scan's parallel
//   Segment/TotalSegments split that hash space. With the hash in the key,
//   segment i of N is the bounded iterator over hashes
//   [floor(i * 2^32 / N), floor((i + 1) * 2^32 / N)) (SegmentStart), and a
//   Scan returns items in hash order as DynamoDB does (not insertion or key
//   order). Query is a plain prefix iteration over table|hash|partition key.
//
//   Partition key payloads: S and B are the raw bytes; N is the number
//   encoding below. Their order is meaningless, but the explicit length makes
//   the encodings prefix-free, so one partition's prefix never covers
//   another partition's items.
//
//   Sort key encodings (memcmp order == DynamoDB's order for the type):
//     S, B  raw bytes (DynamoDB orders both by unsigned bytes, and a raw
//           encoding makes begins_with a prefix iteration).
//     N     value = sign * 0.D1D2...Dn * 10^e (core/number.h, normalized):
//             zero:      kNumberZero
//             positive:  kNumberPositive | e + kNumberExponentBias (2 bytes,
//                        big-endian) | digit pairs | kNumberTerminator
//             negative:  kNumberNegative | every byte after it of the positive
//                        encoding of |value|, inverted (~b), so larger
//                        magnitudes sort first.
//           A digit pair byte is 1 + 10 * D(2k+1) + D(2k+2) (1..100); an odd
//           count pads the last pair with 0, which is unambiguous because a
//           normalized number never ends in 0. The terminator (0x00) sorts
//           below every pair byte, so 0.12 < 0.123; it also makes the number
//           encoding self-delimiting, which the item codec relies on.
//   Delimited sort keys (index entries, where the item's key follows): S
//   and B escape every 0x00 byte as 0x00 0xFF and end with 0x00 0x01
//   (kSortKeyTerminator sorts below every escaped byte, so "a" < "a\0" <
//   "ab"); N is the number encoding, already self-delimiting.
//
// Column family "indexes" -- one entry per item in each secondary index
// -----------------------------------------------------------------------
//   key   = index id        8 bytes, big-endian; allocated from the same
//                           counter as table ids, never reused
//         | partition_hash  4 bytes, as for items, of the index partition key
//         | partition key   the index's partition key, self-delimiting
//         | sort key        only for indexes with a range key: DELIMITED
//         | item key        the item's key in "items" without its table id
//                           (hash | partition key | sort key), so entries
//                           with equal index keys are distinct and order by
//                           the item's key
//   A multi-attribute GSI key (up to four partition and four sort
//   attributes) has as partition key the concatenated self-delimiting
//   encodings of its partition attributes, hashed together, and as sort key
//   the concatenated DELIMITED encodings of its sort attributes, so entries
//   order by the tuple and an equality on leading sort attributes is a
//   key prefix.
//   value = item codec bytes of the projected item (the table's and the
//           index's key attributes, plus the projected attributes)
//   An item has an entry in an index exactly when it has every key
//   attribute of the index (sparse indexes). Entries are written in the
//   same WriteBatch as the item; a table's indexes have distinct ids, so
//   dropping one index, or the table, is one DeleteRange per index id.
//
// Column family "catalog" -- table metadata, JSON values written by engine/
// ------------------------------------------------------------------------
//   "table/<TableName>"   -> table description (engine/table_info.h) with its
//                            indexes: a JSON object whose "format" member is
//                            kCatalogFormatVersion (absent in data directories
//                            written before indexes: read as version 1)
//   "meta/next_table_id"  -> next table id to allocate. Table ids are never
//                            reused, so a re-created table starts empty even
//                            while the old table's items are being deleted.
//   "stats/<table or index id, 8 bytes big-endian>" -> item count and size
//                            (two native-endian int64), written at clean
//                            shutdown
//   "meta/clean_shutdown" -> present only between a clean shutdown and the
//                            next open; without it the engine recounts the
//                            stats from the items (engine/catalog.h)
//   "state/<key>"         -> small values of the layers above the engine
//                            (Engine::PutState): "state/poller/<mapping>"
//                            is a stream poller's checkpoint
//
// Column family "streams" -- the stream log (storage/stream_keys.h)
// ------------------------------------------------------------------
//   key   = table id (8) | stream creation millis (8) | sequence number (8),
//           all big-endian; the sequence number is the RocksDB sequence
//           number of the batch that wrote the record, so records are in
//           commit order and numbers never repeat, across restarts too.
//   value = record creation millis (8, big-endian) | the record's JSON
//           members without braces and without awsRegion (added on read).
//   A record is written in the same WriteBatch as its item change.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace eddy::storage {

inline constexpr std::string_view kItemsColumnFamily = "items";
inline constexpr std::string_view kCatalogColumnFamily = "catalog";
inline constexpr std::string_view kStreamsColumnFamily = "streams";
inline constexpr std::string_view kIndexesColumnFamily = "indexes";

inline constexpr std::string_view kCatalogTablePrefix = "table/";
inline constexpr std::string_view kCatalogNextTableIdKey = "meta/next_table_id";

inline constexpr size_t kTableIdSize = 8;
inline constexpr size_t kPartitionHashSize = 4;
inline constexpr size_t kPartitionLengthSize = 4;

// Partition key type tags. Spelled out rather than taken from AttributeType
// so that reordering that in-memory enum can never change the disk format.
inline constexpr uint8_t kKeyTagString = 'S';
inline constexpr uint8_t kKeyTagNumber = 'N';
inline constexpr uint8_t kKeyTagBinary = 'B';

// Number encoding (sort keys, partition key payloads and item values).
inline constexpr uint8_t kNumberNegative = 0x01;
inline constexpr uint8_t kNumberZero = 0x02;
inline constexpr uint8_t kNumberPositive = 0x03;
inline constexpr int32_t kNumberExponentBias = 0x8000;
inline constexpr uint8_t kNumberTerminator = 0x00;

// Delimited S/B sort keys (index entries): 0x00 is written 0x00 0xFF, and
// the value ends with 0x00 0x01, which sorts below every escaped byte.
inline constexpr uint8_t kSortKeyEscapedZero = 0xFF;
inline constexpr uint8_t kSortKeyTerminator = 0x01;

// The "format" of "table/<TableName>" catalog values. Version 2 added
// "indexes"; a reader refuses versions it does not know.
inline constexpr int kCatalogFormatVersion = 2;

// First byte of every value in the "items" and "indexes" column families.
inline constexpr uint8_t kItemFormatVersion = 1;

// Item codec value tags (format version 1).
inline constexpr uint8_t kValueTagNull = 0x00;
inline constexpr uint8_t kValueTagFalse = 0x01;
inline constexpr uint8_t kValueTagTrue = 0x02;
inline constexpr uint8_t kValueTagString = 0x03;
inline constexpr uint8_t kValueTagNumber = 0x04;
inline constexpr uint8_t kValueTagBinary = 0x05;
inline constexpr uint8_t kValueTagStringSet = 0x06;
inline constexpr uint8_t kValueTagNumberSet = 0x07;
inline constexpr uint8_t kValueTagBinarySet = 0x08;
inline constexpr uint8_t kValueTagList = 0x09;
inline constexpr uint8_t kValueTagMap = 0x0A;

}  // namespace eddy::storage
