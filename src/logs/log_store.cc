#include "logs/log_store.h"

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <queue>

#include "core/fnv.h"
#include "core/json.h"
#include "logs/log_format.h"

namespace eddy::logs {
namespace fs = std::filesystem;

namespace {

constexpr const char* kGroupMetaFile = "group.meta";
constexpr const char* kStreamSuffix = ".log";

bool KeyLess(const LogEvent& event, const EventKey& key) {
  return EventKey{event.timestamp, event.sequence} < key;
}

}  // namespace

struct LogStore::Stream {
  std::string name;
  std::string file_name;
  uint64_t hash = 0;
  int64_t creation_time = 0;
  std::vector<LogEvent> events;  // sorted by (timestamp, sequence)
  uint64_t next_sequence = 0;
  std::optional<int64_t> last_ingestion;
  uint64_t stored_bytes = 0;
  uint64_t upload_sequence = 0;
  std::FILE* file = nullptr;  // opened for append on the first write

  ~Stream() {
    if (file) std::fclose(file);
  }
};

struct LogStore::GroupData {
  std::string name;
  fs::path dir;
  int64_t creation_time = 0;
  std::optional<int> retention_in_days;
  std::map<std::string, std::unique_ptr<Stream>, std::less<>> streams;
};

LogStore::LogStore(LogStoreOptions options) : options_(std::move(options)) {}
LogStore::~LogStore() = default;

uint64_t LogStore::StreamHash(std::string_view stream) { return Fnv1a64(stream); }

std::unique_ptr<LogStore> LogStore::Open(LogStoreOptions options, std::string* error) {
  if (!options.clock) {
    *error = "LogStore needs a clock";
    return nullptr;
  }
  std::error_code ec;
  fs::create_directories(options.directory, ec);
  if (ec) {
    *error = "cannot create log directory " + options.directory + ": " + ec.message();
    return nullptr;
  }
  std::unique_ptr<LogStore> store(new LogStore(std::move(options)));
  if (!store->Load(error)) return nullptr;
  return store;
}

// --- Loading -------------------------------------------------------------

bool LogStore::Load(std::string* error) {
  std::error_code ec;
  for (const fs::directory_entry& entry : fs::directory_iterator(options_.directory, ec)) {
    const fs::path meta_path = entry.path() / kGroupMetaFile;
    if (!entry.is_directory() || !fs::exists(meta_path)) continue;
    std::ifstream meta_in(meta_path, std::ios::binary);
    std::string text((std::istreambuf_iterator<char>(meta_in)), std::istreambuf_iterator<char>());
    JsonDocument meta;
    meta.Parse(text.data(), text.size());
    if (meta.HasParseError() || !meta.IsObject() || !meta.HasMember("logGroupName") ||
        !meta["logGroupName"].IsString()) {
      std::cerr << "eddy: skipping log group with unreadable " << meta_path << "\n";
      continue;
    }
    auto group = std::make_unique<GroupData>();
    group->name = meta["logGroupName"].GetString();
    group->dir = entry.path();
    if (meta.HasMember("creationTime") && meta["creationTime"].IsInt64()) {
      group->creation_time = meta["creationTime"].GetInt64();
    }
    if (meta.HasMember("retentionInDays") && meta["retentionInDays"].IsInt()) {
      group->retention_in_days = meta["retentionInDays"].GetInt();
    }
    if (meta.HasMember("streams") && meta["streams"].IsObject()) {
      for (const auto& member : meta["streams"].GetObject()) {
        const JsonValue& info = member.value;
        if (!info.IsObject() || !info.HasMember("file") || !info["file"].IsString()) continue;
        auto stream = std::make_unique<Stream>();
        stream->name.assign(member.name.GetString(), member.name.GetStringLength());
        stream->file_name = info["file"].GetString();
        stream->hash = StreamHash(stream->name);
        if (info.HasMember("creationTime") && info["creationTime"].IsInt64()) {
          stream->creation_time = info["creationTime"].GetInt64();
        }
        std::ifstream in(group->dir / stream->file_name, std::ios::binary);
        std::string line;
        while (std::getline(in, line)) {
          auto parsed = ParseEventLine(line);
          if (!parsed) continue;  // e.g. a line torn by a crash
          LogEvent event{parsed->timestamp, parsed->timestamp, stream->next_sequence++, std::move(parsed->message)};
          stream->stored_bytes += event.message.size();
          stream->last_ingestion = std::max(stream->last_ingestion.value_or(INT64_MIN), event.ingestion_time);
          stream->events.push_back(std::move(event));
        }
        std::stable_sort(stream->events.begin(), stream->events.end(), [](const LogEvent& a, const LogEvent& b) {
          return EventKey{a.timestamp, a.sequence} < EventKey{b.timestamp, b.sequence};
        });
        group->streams.emplace(stream->name, std::move(stream));
      }
    }
    groups_.emplace(group->name, std::move(group));
  }
  if (ec) {
    *error = "cannot read log directory " + options_.directory + ": " + ec.message();
    return false;
  }
  return true;
}

// group.meta is rewritten whole (to a temporary file, then renamed) when a
// stream is created or deleted or the retention changes: rare events.
void LogStore::WriteGroupMeta(const GroupData& group) const {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  w.StartObject();
  w.Key("logGroupName");
  w.String(group.name);
  w.Key("creationTime");
  w.Int64(group.creation_time);
  if (group.retention_in_days) {
    w.Key("retentionInDays");
    w.Int(*group.retention_in_days);
  }
  w.Key("streams");
  w.StartObject();
  for (const auto& [name, stream] : group.streams) {
    w.Key(name.data(), static_cast<rapidjson::SizeType>(name.size()));
    w.StartObject();
    w.Key("creationTime");
    w.Int64(stream->creation_time);
    w.Key("file");
    w.String(stream->file_name);
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
  std::error_code ec;
  fs::create_directories(group.dir, ec);
  const fs::path tmp = group.dir / (std::string(kGroupMetaFile) + ".tmp");
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out.write(buffer.GetString(), static_cast<std::streamsize>(buffer.GetSize()));
    out << '\n';
  }
  fs::rename(tmp, group.dir / kGroupMetaFile, ec);
  if (ec) std::cerr << "eddy: cannot write " << (group.dir / kGroupMetaFile) << ": " << ec.message() << "\n";
}

// --- Lookup and creation (callers hold mutex_) ----------------------------

LogStore::GroupData* LogStore::FindGroup(std::string_view group) const {
  auto it = groups_.find(group);
  return it == groups_.end() ? nullptr : it->second.get();
}

LogStore::Stream* LogStore::FindStream(std::string_view group, std::string_view stream) const {
  GroupData* data = FindGroup(group);
  if (!data) return nullptr;
  auto it = data->streams.find(stream);
  return it == data->streams.end() ? nullptr : it->second.get();
}

LogStore::GroupData& LogStore::GroupOrCreate(std::string_view group) {
  if (GroupData* existing = FindGroup(group)) return *existing;
  auto data = std::make_unique<GroupData>();
  data->name = std::string(group);
  data->dir = fs::path(options_.directory) / EncodeFileName(group);
  data->creation_time = options_.clock->NowMillis();
  // A directory left by a group deleted while its files were open, or by
  // a crash, must not leak old streams into the new group.
  std::error_code ec;
  fs::remove_all(data->dir, ec);
  WriteGroupMeta(*data);
  return *groups_.emplace(data->name, std::move(data)).first->second;
}

LogStore::Stream& LogStore::StreamOrCreate(GroupData& group, std::string_view stream) {
  auto it = group.streams.find(stream);
  if (it != group.streams.end()) return *it->second;
  auto data = std::make_unique<Stream>();
  data->name = std::string(stream);
  data->file_name = EncodeFileName(stream) + kStreamSuffix;
  data->hash = StreamHash(stream);
  data->creation_time = options_.clock->NowMillis();
  // Create the (empty) file now so that the stream survives a restart and
  // `tail -f` can be started before the first event.
  data->file = std::fopen((group.dir / data->file_name).c_str(), "w");
  Stream& created = *group.streams.emplace(data->name, std::move(data)).first->second;
  WriteGroupMeta(group);
  return created;
}

void LogStore::AppendLocked(const GroupData& group, Stream& stream, int64_t timestamp, int64_t ingestion,
                            std::string_view message) {
  LogEvent event{timestamp, ingestion, stream.next_sequence++, std::string(message)};
  stream.stored_bytes += message.size();
  stream.last_ingestion = std::max(stream.last_ingestion.value_or(INT64_MIN), ingestion);
  // Events usually arrive in time order: then this is a push_back.
  auto position = std::upper_bound(stream.events.begin(), stream.events.end(), EventKey{timestamp, event.sequence},
                                   [](const EventKey& key, const LogEvent& e) {
                                     return key < EventKey{e.timestamp, e.sequence};
                                   });
  stream.events.insert(position, std::move(event));
  if (!stream.file) stream.file = std::fopen((group.dir / stream.file_name).c_str(), "a");
  if (stream.file) {
    std::string line = FormatEventLine(timestamp, message);
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stream.file);
    std::fflush(stream.file);  // visible to `tail -f` at once
  }
}

// --- LogSink ----------------------------------------------------------------

void LogStore::EnsureStream(std::string_view group, std::string_view stream) {
  std::lock_guard lock(mutex_);
  StreamOrCreate(GroupOrCreate(group), stream);
}

void LogStore::Append(std::string_view group, std::string_view stream, int64_t timestamp_millis,
                      std::string_view message) {
  {
    std::lock_guard lock(mutex_);
    GroupData& data = GroupOrCreate(group);
    Stream& target = StreamOrCreate(data, stream);
    AppendLocked(data, target, timestamp_millis, options_.clock->NowMillis(), message);
  }
  if (options_.echo) options_.echo(group, stream, message);
}

// --- Logs API -------------------------------------------------------------

LogStatus LogStore::CreateGroup(std::string_view group) {
  std::lock_guard lock(mutex_);
  if (FindGroup(group)) return LogStatus::kAlreadyExists;
  GroupOrCreate(group);
  return LogStatus::kOk;
}

LogStatus LogStore::CreateStream(std::string_view group, std::string_view stream) {
  std::lock_guard lock(mutex_);
  GroupData* data = FindGroup(group);
  if (!data) return LogStatus::kGroupNotFound;
  if (data->streams.count(stream)) return LogStatus::kAlreadyExists;
  StreamOrCreate(*data, stream);
  return LogStatus::kOk;
}

LogStatus LogStore::DeleteGroup(std::string_view group) {
  std::lock_guard lock(mutex_);
  auto it = groups_.find(group);
  if (it == groups_.end()) return LogStatus::kGroupNotFound;
  const fs::path dir = it->second->dir;
  groups_.erase(it);  // closes the files
  std::error_code ec;
  fs::remove_all(dir, ec);
  return LogStatus::kOk;
}

LogStatus LogStore::DeleteStream(std::string_view group, std::string_view stream) {
  std::lock_guard lock(mutex_);
  GroupData* data = FindGroup(group);
  if (!data) return LogStatus::kGroupNotFound;
  auto it = data->streams.find(stream);
  if (it == data->streams.end()) return LogStatus::kStreamNotFound;
  const fs::path file = data->dir / it->second->file_name;
  data->streams.erase(it);
  std::error_code ec;
  fs::remove(file, ec);
  WriteGroupMeta(*data);
  return LogStatus::kOk;
}

LogStatus LogStore::SetRetention(std::string_view group, std::optional<int> days) {
  std::lock_guard lock(mutex_);
  GroupData* data = FindGroup(group);
  if (!data) return LogStatus::kGroupNotFound;
  data->retention_in_days = days;
  WriteGroupMeta(*data);
  return LogStatus::kOk;
}

LogStatus LogStore::PutEvents(std::string_view group, std::string_view stream, const std::vector<NewEvent>& events,
                              uint64_t* sequence) {
  {
    std::lock_guard lock(mutex_);
    GroupData* data = FindGroup(group);
    if (!data) return LogStatus::kGroupNotFound;
    auto it = data->streams.find(stream);
    if (it == data->streams.end()) return LogStatus::kStreamNotFound;
    Stream& target = *it->second;
    const int64_t now = options_.clock->NowMillis();
    for (const NewEvent& event : events) AppendLocked(*data, target, event.timestamp, now, event.message);
    *sequence = ++target.upload_sequence;
  }
  if (options_.echo) {
    for (const NewEvent& event : events) options_.echo(group, stream, event.message);
  }
  return LogStatus::kOk;
}

// --- Reads ------------------------------------------------------------------

std::vector<LogGroupInfo> LogStore::Groups() const {
  std::lock_guard lock(mutex_);
  std::vector<LogGroupInfo> out;
  out.reserve(groups_.size());
  for (const auto& [name, group] : groups_) {
    uint64_t bytes = 0;
    for (const auto& [stream_name, stream] : group->streams) bytes += stream->stored_bytes;
    out.push_back(LogGroupInfo{name, group->creation_time, group->retention_in_days, bytes});
  }
  return out;
}

std::optional<LogGroupInfo> LogStore::Group(std::string_view group) const {
  std::lock_guard lock(mutex_);
  const GroupData* data = FindGroup(group);
  if (!data) return std::nullopt;
  uint64_t bytes = 0;
  for (const auto& [stream_name, stream] : data->streams) bytes += stream->stored_bytes;
  return LogGroupInfo{data->name, data->creation_time, data->retention_in_days, bytes};
}

std::optional<std::vector<LogStreamInfo>> LogStore::Streams(std::string_view group) const {
  std::lock_guard lock(mutex_);
  const GroupData* data = FindGroup(group);
  if (!data) return std::nullopt;
  std::vector<LogStreamInfo> out;
  out.reserve(data->streams.size());
  for (const auto& [name, stream] : data->streams) {
    LogStreamInfo info;
    info.name = name;
    info.creation_time = stream->creation_time;
    if (!stream->events.empty()) {
      info.first_event_timestamp = stream->events.front().timestamp;
      info.last_event_timestamp = stream->events.back().timestamp;
    }
    info.last_ingestion_time = stream->last_ingestion;
    info.stored_bytes = stream->stored_bytes;
    info.upload_sequence = stream->upload_sequence;
    out.push_back(std::move(info));
  }
  return out;
}

std::optional<std::vector<LogEvent>> LogStore::ReadStream(std::string_view group, std::string_view stream,
                                                          const Range& range) const {
  std::lock_guard lock(mutex_);
  const Stream* data = FindStream(group, stream);
  if (!data) return std::nullopt;
  const EventKey from = std::max(range.from, EventKey{range.start_time, 0});
  const EventKey to = std::min(range.to, EventKey{range.end_time, 0});
  std::vector<LogEvent> out;
  if (!(from < to)) return out;
  auto begin = std::lower_bound(data->events.begin(), data->events.end(), from, KeyLess);
  auto end = std::lower_bound(begin, data->events.end(), to, KeyLess);
  size_t bytes = 0;
  if (!range.backward) {
    for (auto it = begin; it != end && out.size() < range.limit; ++it) {
      bytes += it->message.size();
      if (bytes > range.max_bytes && !out.empty()) break;
      out.push_back(*it);
    }
  } else {
    for (auto it = end; it != begin && out.size() < range.limit;) {
      --it;
      bytes += it->message.size();
      if (bytes > range.max_bytes && !out.empty()) break;
      out.push_back(*it);
    }
    std::reverse(out.begin(), out.end());
  }
  return out;
}

bool LogStore::ScanGroup(std::string_view group, const std::function<bool(std::string_view stream)>& select,
                         int64_t start_time, int64_t end_time, const std::optional<MergedPosition>& after,
                         const std::function<bool(std::string_view, uint64_t, const LogEvent&)>& visit) const {
  std::lock_guard lock(mutex_);
  const GroupData* data = FindGroup(group);
  if (!data) return false;
  // A cursor per selected stream; a heap merges them in (timestamp, stream
  // name, sequence) order.
  struct Cursor {
    const Stream* stream;
    std::vector<LogEvent>::const_iterator at, end;
  };
  auto later = [](const Cursor& a, const Cursor& b) {
    if (a.at->timestamp != b.at->timestamp) return a.at->timestamp > b.at->timestamp;
    if (a.stream->name != b.stream->name) return a.stream->name > b.stream->name;
    return a.at->sequence > b.at->sequence;
  };
  std::priority_queue<Cursor, std::vector<Cursor>, decltype(later)> heap(later);
  for (const auto& [name, stream] : data->streams) {
    if (!select(name)) continue;
    EventKey from{start_time, 0};
    if (after) {
      // The first event whose (timestamp, stream, sequence) is past `after`.
      EventKey past{after->timestamp, 0};
      if (name < after->stream) past = {after->timestamp == INT64_MAX ? INT64_MAX : after->timestamp + 1, 0};
      if (name == after->stream) past = {after->timestamp, after->sequence + 1};
      from = std::max(from, past);
    }
    auto begin = std::lower_bound(stream->events.cbegin(), stream->events.cend(), from, KeyLess);
    auto end = std::lower_bound(begin, stream->events.cend(), EventKey{end_time, 0}, KeyLess);
    if (begin != end) heap.push(Cursor{stream.get(), begin, end});
  }
  while (!heap.empty()) {
    Cursor cursor = heap.top();
    heap.pop();
    if (!visit(cursor.stream->name, cursor.stream->hash, *cursor.at)) break;
    if (++cursor.at != cursor.end) heap.push(cursor);
  }
  return true;
}

}  // namespace eddy::logs
