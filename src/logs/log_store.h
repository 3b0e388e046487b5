// LogStore: a CloudWatch-Logs-like store of log groups, streams and events,
// kept as plain text files a person can `tail -f`, with an in-memory index
// for the Logs API's reads (local development scale).
//
// On-disk layout under LogStoreOptions::directory (see logs/log_files.h):
//
//   <dir>/<encoded group>/group.meta        JSON: logGroupName, creationTime,
//                                           retentionInDays, streams {name:
//                                           {creationTime, file}}
//   <dir>/<encoded group>/<encoded stream>.log
//        one line per event: "2026-11-25T10:00:00.123Z<TAB><message>", the
//        message escaped so that it stays on one line (logs/line_escape.h:
//        LF -> \n, CR -> \r, and a backslash is doubled only where it would
//        otherwise be read as one of these escapes, so JSON stays readable).
//
// Everything is loaded back at Open, so events survive a restart. The
// ingestion time is not written to the file: after a restart an event's
// ingestionTime is its timestamp.
//
// Thread-safe: one mutex guards the index and the open files; an Append is
// an in-memory push plus one buffered write and flush.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "logs/log_sink.h"

namespace eddy::logs {

struct LogStoreOptions {
  std::string directory;          // created if missing; existing log files are loaded at Open
  const Clock* clock = nullptr;   // eddy's clock (core/clock.h): ingestionTime, creationTime
  // Optional: called for every appended event (the --log-echo flag prints them on eddy's stdout).
  std::function<void(std::string_view group, std::string_view stream, std::string_view message)> echo;
};

// One event as the API reports it.
struct LogEvent {
  int64_t timestamp = 0;
  int64_t ingestion_time = 0;
  uint64_t sequence = 0;  // per stream, in append order (line number in the file)
  std::string message;
};

// Position of an event in a stream's (timestamp, sequence) order; tokens
// name such positions, so they stay valid while older events are inserted.
struct EventKey {
  int64_t timestamp = 0;
  uint64_t sequence = 0;
  auto operator<=>(const EventKey&) const = default;
};

struct LogStreamInfo {
  std::string name;
  int64_t creation_time = 0;
  std::optional<int64_t> first_event_timestamp;
  std::optional<int64_t> last_event_timestamp;
  std::optional<int64_t> last_ingestion_time;
  uint64_t stored_bytes = 0;
  uint64_t upload_sequence = 0;  // bumped by every PutLogEvents
};

struct LogGroupInfo {
  std::string name;
  int64_t creation_time = 0;
  std::optional<int> retention_in_days;
  uint64_t stored_bytes = 0;
};

// An event found by a read, with the stream it came from (FilterLogEvents).
struct FoundEvent {
  std::string stream;
  uint64_t stream_hash = 0;  // for the event id
  LogEvent event;
};

// Outcome of the mutating calls (the API maps it to its error).
enum class LogStatus { kOk, kGroupNotFound, kStreamNotFound, kAlreadyExists };

class LogStore : public LogSink {
 public:
  static std::unique_ptr<LogStore> Open(LogStoreOptions options, std::string* error);  // null + *error on failure
  ~LogStore() override;

  void EnsureStream(std::string_view group, std::string_view stream) override;
  void Append(std::string_view group, std::string_view stream, int64_t timestamp_millis,
              std::string_view message) override;

  const Clock& clock() const { return *options_.clock; }

  // --- For the Logs API (server/logs_handlers.cc) ---
  LogStatus CreateGroup(std::string_view group);
  LogStatus CreateStream(std::string_view group, std::string_view stream);
  LogStatus DeleteGroup(std::string_view group);
  LogStatus DeleteStream(std::string_view group, std::string_view stream);
  LogStatus SetRetention(std::string_view group, std::optional<int> days);
  // Appends a batch (PutLogEvents) and bumps the stream's upload sequence;
  // *sequence receives the new value.
  struct NewEvent {
    int64_t timestamp;
    std::string_view message;
  };
  LogStatus PutEvents(std::string_view group, std::string_view stream, const std::vector<NewEvent>& events,
                      uint64_t* sequence);

  // Snapshots, sorted by name.
  std::vector<LogGroupInfo> Groups() const;
  std::optional<LogGroupInfo> Group(std::string_view group) const;
  // nullopt when the group does not exist.
  std::optional<std::vector<LogStreamInfo>> Streams(std::string_view group) const;

  // Events of one stream with key in [from, to) and timestamp in
  // [start_time, end_time), in (timestamp, sequence) order: the first `limit`
  // of them (forward) or the last `limit` (backward). nullopt: no such
  // group or stream.
  struct Range {
    EventKey from{INT64_MIN, 0};
    EventKey to{INT64_MAX, UINT64_MAX};
    int64_t start_time = INT64_MIN;
    int64_t end_time = INT64_MAX;
    size_t limit = SIZE_MAX;
    size_t max_bytes = SIZE_MAX;  // stop before exceeding this many message bytes
    bool backward = false;
  };
  std::optional<std::vector<LogEvent>> ReadStream(std::string_view group, std::string_view stream,
                                                  const Range& range) const;

  // Calls visit(stream_name, stream_hash, event) for the events of the
  // selected streams of a group with timestamp in [start_time, end_time), in
  // (timestamp, stream name, sequence) order, starting after `after` (if
  // given), until visit returns false. Returns false when the group does not
  // exist. Holds the store's lock while visiting: keep `visit` cheap.
  struct MergedPosition {
    int64_t timestamp;
    std::string stream;
    uint64_t sequence;
  };
  bool ScanGroup(std::string_view group, const std::function<bool(std::string_view stream)>& select,
                 int64_t start_time, int64_t end_time, const std::optional<MergedPosition>& after,
                 const std::function<bool(std::string_view stream, uint64_t stream_hash, const LogEvent&)>&
                     visit) const;

  // Stable 64-bit hash of a stream name (FNV-1a), used in event ids.
  static uint64_t StreamHash(std::string_view stream);

 private:
  struct Stream;
  struct GroupData;

  explicit LogStore(LogStoreOptions options);
  bool Load(std::string* error);
  GroupData* FindGroup(std::string_view group) const;
  GroupData& GroupOrCreate(std::string_view group);
  Stream& StreamOrCreate(GroupData& group, std::string_view stream);
  Stream* FindStream(std::string_view group, std::string_view stream) const;
  void AppendLocked(const GroupData& group, Stream& stream, int64_t timestamp, int64_t ingestion,
                    std::string_view message);
  void WriteGroupMeta(const GroupData& group) const;

  LogStoreOptions options_;
  mutable std::mutex mutex_;
  std::map<std::string, std::unique_ptr<GroupData>, std::less<>> groups_;
};

}  // namespace eddy::logs
