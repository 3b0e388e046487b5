// The JSON of one stream record, as GetRecords returns it and Lambda's
// DynamoDB event carries it, minus awsRegion (added by the reader, which
// knows the request's region). Written once, at commit, into the stream log.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/attribute_value.h"
#include "engine/table_info.h"

namespace eddy {

// "INSERT", "MODIFY" or "REMOVE" from whether the item existed before and after.
std::string_view StreamEventName(bool had_item, bool has_item);

// The record's members without the enclosing braces: eventID, eventName,
// eventVersion, eventSource, dynamodb {ApproximateCreationDateTime, Keys,
// NewImage/OldImage per the view type, SequenceNumber, SizeBytes,
// StreamViewType} and, for TTL deletes, userIdentity. `old_item` must be
// given whenever the item existed (it decides INSERT against MODIFY).
std::string StreamRecordMembers(const TableInfo& table, std::string_view view_type,
                                uint64_t sequence, int64_t now_millis, const Item* old_item,
                                const Item* new_item, bool ttl_delete);

// DynamoDB Streams' SequenceNumber text for a sequence: 21 digits, zero
// padded, so string order is numeric order.
std::string SequenceNumberText(uint64_t sequence);

}  // namespace eddy
