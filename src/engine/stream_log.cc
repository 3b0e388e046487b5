// The read side of the stream log: records of one stream (one shard) in
// sequence order, its range, and trimming after 24 hours.
#include "core/api_error.h"
#include "engine/catalog.h"
#include "engine/engine.h"
#include "engine/stream_record.h"
#include "storage/key_codec.h"
#include "storage/stream_keys.h"

namespace eddy {

const StreamDescriptor* Engine::OpenStream(const TableInfo& table) {
  if (!table.stream.enabled || table.streams.empty()) return nullptr;
  const StreamDescriptor& latest = table.streams.back();
  return latest.closed_millis == 0 ? &latest : nullptr;
}

std::vector<StreamRecord> Engine::ReadStream(const TableInfo& table, const StreamDescriptor& stream,
                                             uint64_t from_sequence, size_t limit,
                                             size_t max_bytes) const {
  const std::string prefix = storage::StreamPrefix(table.key_space.id, stream.created_millis);
  const std::string start = storage::StreamRecordKey(table.key_space.id, stream.created_millis, from_sequence);
  const std::string end = storage::PrefixSuccessor(prefix);
  rocksdb::Slice lower(start), upper(end);
  auto it = store_->NewIterator(store_->streams(), &lower, &upper);
  std::vector<StreamRecord> records;
  size_t bytes = 0;
  for (it->SeekToFirst(); it->Valid() && records.size() < limit; it->Next()) {
    StreamRecord record;
    std::string_view members;
    if (!storage::ParseStreamRecordValue(it->value().ToStringView(), &record.created_millis, &members)) {
      throw ApiError::Internal("corrupt stream record");
    }
    record.sequence = storage::SequenceOfStreamKey(it->key().ToStringView());
    if (!RenderStreamRecord(members, table.key_space.schema, stream.view_type, record.sequence,
                            record.created_millis, &record.json_members)) {
      throw ApiError::Internal("corrupt stream record");
    }
    // Always return at least one record, as GetRecords does.
    if (!records.empty() && bytes + record.json_members.size() > max_bytes) break;
    bytes += record.json_members.size();
    records.push_back(std::move(record));
  }
  ThrowIfStorageError(it->status());
  return records;
}

size_t Engine::CountStreamRecords(const TableInfo& table, const StreamDescriptor& stream, uint64_t from_sequence,
                                  size_t cap) const {
  const std::string start = storage::StreamRecordKey(table.key_space.id, stream.created_millis, from_sequence);
  const std::string end = storage::PrefixSuccessor(storage::StreamPrefix(table.key_space.id, stream.created_millis));
  rocksdb::Slice lower(start), upper(end);
  auto it = store_->NewIterator(store_->streams(), &lower, &upper);
  size_t count = 0;
  for (it->SeekToFirst(); it->Valid() && count < cap; it->Next()) ++count;
  return count;
}

std::optional<std::pair<uint64_t, uint64_t>> Engine::StreamRange(const TableInfo& table,
                                                                 const StreamDescriptor& stream) const {
  const std::string prefix = storage::StreamPrefix(table.key_space.id, stream.created_millis);
  const std::string end = storage::PrefixSuccessor(prefix);
  rocksdb::Slice lower(prefix), upper(end);
  auto it = store_->NewIterator(store_->streams(), &lower, &upper);
  it->SeekToFirst();
  if (!it->Valid()) return std::nullopt;
  const uint64_t first = storage::SequenceOfStreamKey(it->key().ToStringView());
  it->SeekToLast();
  const uint64_t last = it->Valid() ? storage::SequenceOfStreamKey(it->key().ToStringView()) : first;
  return std::make_pair(first, last);
}

size_t Engine::TrimStreams() {
  const int64_t cutoff = clock_->NowMillis() - kStreamRetentionMillis;
  size_t deleted = 0;
  for (const std::string& name : catalog_->Names()) {
    TableInfoPtr table = catalog_->Find(name);
    if (!table) continue;
    for (const StreamDescriptor& stream : table->streams) {
      // Records are in creation order: delete the prefix older than cutoff.
      const std::string prefix = storage::StreamPrefix(table->key_space.id, stream.created_millis);
      const std::string end = storage::PrefixSuccessor(prefix);
      rocksdb::Slice lower(prefix), upper(end);
      auto it = store_->NewIterator(store_->streams(), &lower, &upper);
      std::string trim_end;
      size_t count = 0;
      for (it->SeekToFirst(); it->Valid(); it->Next()) {
        int64_t created = 0;
        std::string_view members;
        if (!storage::ParseStreamRecordValue(it->value().ToStringView(), &created, &members) ||
            created >= cutoff) {
          break;
        }
        trim_end = it->key().ToString();
        ++count;
      }
      if (count == 0) continue;
      rocksdb::WriteBatch batch;
      ThrowIfStorageError(batch.DeleteRange(store_->streams(), prefix, trim_end + '\0'));
      std::lock_guard lock(write_mutex_);
      ThrowIfStorageError(CommitBatch(&batch));
      deleted += count;
    }
    // Streams closed more than 24 hours ago are no longer listed.
    const bool expired_streams = std::any_of(table->streams.begin(), table->streams.end(),
        [&](const StreamDescriptor& d) { return d.closed_millis != 0 && d.closed_millis < cutoff; });
    if (expired_streams) {
      UpdateTable(name, [&](const TableInfo&, TableInfo* updated) {
        std::erase_if(updated->streams, [&](const StreamDescriptor& d) {
          return d.closed_millis != 0 && d.closed_millis < cutoff;
        });
      });
    }
  }
  return deleted;
}

}  // namespace eddy
