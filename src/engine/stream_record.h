// Stream records. Written under the write lock in a compact binary form that
// reuses bytes the write already has (the stored old item, the encoded new
// item), and rendered to JSON only when read: GetRecords and Lambda's
// DynamoDB event get the record as DynamoDB sends it, minus awsRegion
// (added by the reader, which knows the request's region).
//
// Binary form (the value after storage/stream_keys.h's creation time):
//   flags (1 byte: event 1=INSERT 2=MODIFY 3=REMOVE, 0x80 = TTL delete)
//   | varint32 length + the item's storage key (storage/key_codec.h, decoded
//   back into Keys when read) | varint32 length + old image
//   (item codec, or empty) | varint32 length + new image (or empty)
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/attribute_value.h"
#include "engine/table_info.h"

namespace eddy {

// Appends the binary record to `out`. `old_bytes`/`new_bytes` are item-codec
// encodings (empty when absent); the view type decides which images are
// kept. `had_item` and `has_item` give INSERT, MODIFY or REMOVE.
void EncodeStreamRecord(std::string_view view_type, bool had_item, bool has_item, bool ttl_delete,
                        std::string_view storage_key, std::string_view old_bytes,
                        std::string_view new_bytes, std::string* out);

// The record's JSON members without the enclosing braces: eventID,
// eventName, eventVersion, eventSource, dynamodb {ApproximateCreationDateTime,
// Keys, NewImage/OldImage, SequenceNumber, SizeBytes, StreamViewType} and,
// for TTL deletes, userIdentity in the Streams API's spelling
// ({"PrincipalId", "Type"}; Lambda's event spells it {"principalId",
// "type"}). False when `record` is corrupt.
bool RenderStreamRecord(std::string_view record, const KeySchema& key_schema,
                        std::string_view view_type, uint64_t sequence, int64_t created_millis,
                        std::string* json_members);

// DynamoDB Streams' SequenceNumber text for a sequence: 21 digits, zero
// padded, so string order is numeric order.
std::string SequenceNumberText(uint64_t sequence);

}  // namespace eddy
