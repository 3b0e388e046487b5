#include "streams/on_failure_record.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <unistd.h>

#include "core/iso_time.h"
#include "core/json.h"

namespace eddy::streams {
std::string OnFailureRecordLine(const DiscardedBatch& b) {
  rapidjson::StringBuffer buffer;
  JsonWriter w(buffer);
  w.StartObject();
  w.Key("requestContext");
  w.StartObject();
  w.Key("requestId");
  w.String(b.request_id);
  w.Key("functionArn");
  w.String(b.function_arn);
  w.Key("condition");
  w.String(b.condition);
  w.Key("approximateInvokeCount");
  w.Int(b.approximate_invoke_count);
  w.EndObject();
  if (b.invoked) {
    w.Key("responseContext");
    w.StartObject();
    w.Key("statusCode");
    w.Int(200);
    w.Key("executedVersion");
    w.String("$LATEST");
    w.Key("functionError");
    w.String("Unhandled");
    w.EndObject();
  }
  w.Key("version");
  w.String("1.0");
  w.Key("timestamp");
  w.String(FormatIsoMillis(b.now_millis));
  w.Key("DDBStreamBatchInfo");
  w.StartObject();
  w.Key("shardId");
  w.String(b.shard_id);
  w.Key("startSequenceNumber");
  w.String(b.start_sequence);
  w.Key("endSequenceNumber");
  w.String(b.end_sequence);
  w.Key("approximateArrivalOfFirstRecord");
  w.String(FormatIsoSeconds(b.first_arrival_millis));
  w.Key("approximateArrivalOfLastRecord");
  w.String(FormatIsoSeconds(b.last_arrival_millis));
  w.Key("batchSize");
  w.Uint64(b.batch_size);
  w.Key("streamArn");
  w.String(b.stream_arn);
  w.EndObject();
  w.EndObject();
  std::string line(buffer.GetString(), buffer.GetSize());
  line.push_back('\n');
  return line;
}

bool AppendLine(const std::string& path, const std::string& line, std::string* error) {
  std::error_code ec;
  const std::filesystem::path parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    *error = path + ": " + std::strerror(errno);
    return false;
  }
  // One write() of the whole line with O_APPEND: lines never interleave.
  const ssize_t written = ::write(fd, line.data(), line.size());
  const int saved = errno;
  ::close(fd);
  if (written != static_cast<ssize_t>(line.size())) {
    *error = path + ": " + (written < 0 ? std::strerror(saved) : "short write");
    return false;
  }
  return true;
}

}  // namespace eddy::streams
