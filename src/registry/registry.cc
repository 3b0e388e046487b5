#include "registry/registry.h"

#include <openssl/sha.h>

#include <algorithm>
#include <iostream>
#include <filesystem>
#include <system_error>

#include "core/api_error.h"
#include "core/base64.h"
#include "core/json.h"
#include "core/uuid.h"
#include "functions/lambda_log_lines.h"
#include "registry/zip_archive.h"
#include "streams/event_filter.h"

namespace eddy::registry {
namespace {

namespace fs = std::filesystem;

constexpr std::string_view kFunctionPrefix = "lambda/function/";
constexpr std::string_view kMappingPrefix = "lambda/mapping/";

std::string FunctionKey(std::string_view name) { return std::string(kFunctionPrefix).append(name); }
std::string MappingKey(std::string_view uuid) { return std::string(kMappingPrefix).append(uuid); }

ApiError InvalidParameter(std::string message) {
  return ApiError("InvalidParameterValueException", std::move(message), 400);
}

std::string Sha256Base64(std::string_view bytes) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(), digest);
  return Base64Encode(std::string_view(reinterpret_cast<const char*>(digest), sizeof(digest)));
}

std::string DuplicateMappingMessage(const MappingRecord& existing) {
  return "The event source arn (\" " + existing.event_source_arn + " \") and function (\" " +
         existing.config.function_name +
         " \") provided mapping already exists. Please update or delete the existing mapping with UUID " +
         existing.config.uuid;
}

// The Sid of a stored policy statement (JSON text).
std::string SidOf(std::string_view statement) {
  JsonDocument doc;
  doc.Parse(statement.data(), statement.size());
  if (doc.HasParseError() || !doc.IsObject()) return {};
  auto sid = doc.FindMember("Sid");
  return sid != doc.MemberEnd() && sid->value.IsString() ? sid->value.GetString() : std::string();
}

}  // namespace

Registry::Registry(RegistryOptions options)
    : options_(std::move(options)), pollers_(*options_.engine, options_.region) {
  retire_thread_ = std::thread([this] { RetireLoop(); });
}

Registry::~Registry() { Stop(); }

std::string Registry::FunctionArn(std::string_view name) const {
  return functions::LambdaFunctionArn(options_.region, name);
}

// --- start and stop ---------------------------------------------------------

void Registry::Load() {
  for (auto& [key, value] : options_.engine->ListState(kFunctionPrefix)) {
    std::optional<FunctionRecord> record = ParseFunction(value);
    if (!record) continue;  // unreadable: left in place, not served
    next_generation_ = std::max(next_generation_, record->code_generation + 1);
    Function function;
    function.record = std::move(*record);
    if (function.record.code_generation != 0) {
      function.package = std::make_shared<PackageDirectory>(function.record.config.code_directory);
    }
    functions_.emplace(key, std::move(function));
  }
  for (auto& [key, value] : options_.engine->ListState(kMappingPrefix)) {
    std::optional<MappingRecord> record = ParseMapping(value);
    if (!record) continue;
    // A transition cut short by a restart ends where it was heading.
    switch (record->state) {
      case MappingState::kDeleting:
        options_.engine->DeleteState(key);
        options_.engine->DeleteState(record->config.checkpoint_key);
        continue;
      case MappingState::kDisabling:
      case MappingState::kDisabled:
        record->config.enabled = false;
        record->state = MappingState::kDisabled;
        break;
      default:
        record->state = record->config.enabled ? MappingState::kEnabled : MappingState::kDisabled;
    }
    mappings_.push_back(std::move(*record));
  }
  std::sort(mappings_.begin(), mappings_.end(), [](const MappingRecord& a, const MappingRecord& b) {
    return a.created_millis < b.created_millis;
  });
  // Packages no record names (an upload cut short, an old generation whose
  // runner was still alive at exit) are removed.
  std::error_code ec;
  for (const fs::directory_entry& function_dir : fs::directory_iterator(options_.code_root, ec)) {
    auto owner = functions_.find(function_dir.path().filename().string());
    for (const fs::directory_entry& generation : fs::directory_iterator(function_dir.path(), ec)) {
      const bool live = owner != functions_.end() && owner->second.record.code_generation != 0 &&
                        generation.path().filename() == std::to_string(owner->second.record.code_generation);
      if (!live) fs::remove_all(generation.path(), ec);
    }
  }
}

bool Registry::Start(functions::RunnerEnvironment env, const functions::FunctionsFile& file, std::string* error) {
  std::lock_guard lock(mutex_);
  env_ = std::move(env);
  Load();
  // The functions file: creates applied at every start, replacing what was
  // stored under the same names. What an earlier file made and this one no
  // longer has is gone, as when the file was read at every start only.
  auto in_file = [&](const std::string& name) {
    return std::any_of(file.functions.begin(), file.functions.end(),
                       [&](const functions::FunctionConfig& c) { return c.name == name; });
  };
  for (auto it = functions_.begin(); it != functions_.end();) {
    if (it->second.record.from_file && !in_file(it->first)) {
      options_.engine->DeleteState(FunctionKey(it->first));
      it = functions_.erase(it);
    } else {
      ++it;
    }
  }
  std::erase_if(mappings_, [&](const MappingRecord& m) {
    const bool dropped = m.from_file && std::none_of(file.mappings.begin(), file.mappings.end(),
                                                     [&](const streams::MappingConfig& c) {
                                                       return c.function_name == m.config.function_name &&
                                                              c.table_name == m.config.table_name;
                                                     });
    if (dropped) options_.engine->DeleteState(MappingKey(m.config.uuid));
    return dropped;
  });
  for (const functions::FunctionConfig& config : file.functions) {
    FunctionRecord record;
    if (auto stored = functions_.find(config.name); stored != functions_.end()) record = stored->second.record;
    record.config = config;
    record.code_generation = 0;
    record.code_sha256.clear();
    record.code_size = 0;
    record.from_file = true;
    if (record.role.empty()) record.role = "arn:aws:iam::000000000000:role/eddy-functions-file";
    Touch(&record);
    Persist(record);
    Function& function = functions_[config.name];
    if (function.package) function.package->obsolete = true;
    function = Function{};
    function.record = std::move(record);
  }
  for (const streams::MappingConfig& config : file.mappings) {
    // The file's mappings keep the UUID and checkpoint that derive from
    // their function and table, as before the registry existed.
    auto stored = std::find_if(mappings_.begin(), mappings_.end(), [&](const MappingRecord& m) {
      return m.config.function_name == config.function_name && m.config.table_name == config.table_name;
    });
    MappingRecord record;
    record.config = config;
    record.config.checkpoint_key = streams::MappingPoller::CheckpointKey(config);
    record.config.uuid = stored != mappings_.end() && stored->from_file ? stored->config.uuid : std::string();
    record.event_source_arn = config.event_source_arn;
    record.state = config.enabled ? MappingState::kEnabled : MappingState::kDisabled;
    record.created_millis = record.last_modified_millis = options_.clock->NowMillis();
    record.from_file = true;
    if (stored != mappings_.end()) {
      options_.engine->DeleteState(MappingKey(stored->config.uuid));
      // A mapping made through the API kept its checkpoint under its UUID.
      if (stored->config.checkpoint_key != record.config.checkpoint_key) {
        options_.engine->DeleteState(stored->config.checkpoint_key);
      }
      mappings_.erase(stored);
    }
    if (record.config.uuid.empty()) record.config.uuid = streams::MappingPoller::StableUuid(config);
    if (!AddPoller(record, error)) return false;
    mappings_.push_back(std::move(record));
  }
  for (auto& [name, function] : functions_) function.runner = MakeRunner(function);
  for (MappingRecord& mapping : mappings_) {
    if (mapping.from_file) {
      Persist(mapping);
      continue;
    }
    std::string ignored;
    AddPoller(mapping, &ignored);  // a stored mapping with a bad filter was refused when created
  }
  pollers_.Start();
  return true;
}

void Registry::BeginStop() {
  std::vector<std::shared_ptr<functions::FunctionRunner>> runners;
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
    for (auto& [name, function] : functions_) {
      if (function.runner) runners.push_back(function.runner);
    }
  }
  retire_wake_.notify_all();
  pollers_.BeginStop();
  for (auto& runner : runners) runner->Shutdown();
}

void Registry::Stop() {
  BeginStop();
  if (retire_thread_.joinable()) retire_thread_.join();
  pollers_.Stop();
}

// --- functions ----------------------------------------------------------------

void Registry::Touch(FunctionRecord* record) const {
  record->revision_id = NewUuid();
  record->last_modified_millis = options_.clock->NowMillis();
}

void Registry::Persist(const FunctionRecord& record) {
  options_.engine->PutState(FunctionKey(record.config.name), SerializeFunction(record));
}

void Registry::Persist(const MappingRecord& record) {
  options_.engine->PutState(MappingKey(record.config.uuid), SerializeMapping(record));
}

std::shared_ptr<Registry::PackageDirectory> Registry::Unpack(std::string_view zip, uint64_t generation,
                                                            FunctionRecord* record) const {
  const fs::path directory = fs::path(options_.code_root) / record->config.name / std::to_string(generation);
  std::error_code ec;
  fs::remove_all(directory, ec);  // left by an upload that a crash cut short
  std::string error;
  const ZipProblem problem = ExtractZip(zip, directory, &error);
  if (problem != ZipProblem::kNone) {
    fs::remove_all(directory, ec);
    switch (problem) {
      case ZipProblem::kTooLarge:
        throw InvalidParameter("Unzipped size must be smaller than " + std::to_string(kMaxUnzippedBytes) +
                               " bytes");
      case ZipProblem::kStorage:
        throw ApiError("ServiceException", "eddy could not store the function's code: " + error, 500);
      default:
        throw InvalidParameter("Could not unzip uploaded file. Please check your file, then try to upload again.");
    }
  }
  record->code_generation = generation;
  record->config.code_directory = directory.string();
  record->code_sha256 = Sha256Base64(zip);
  record->code_size = static_cast<int64_t>(zip.size());
  return std::make_shared<PackageDirectory>(directory.string());
}

Registry::PackageDirectory::~PackageDirectory() {
  if (!obsolete) return;
  std::error_code ec;
  fs::remove_all(path, ec);
}

std::shared_ptr<functions::FunctionRunner> Registry::MakeRunner(const Function& function) const {
  // The runner holds its package: an invocation in flight during an update
  // finishes on the old code, whose directory goes with the last runner.
  return std::shared_ptr<functions::FunctionRunner>(
      new functions::FunctionRunner(function.record.config, env_),
      [package = function.package](functions::FunctionRunner* runner) { delete runner; });
}

void Registry::ReplacePackage(Function& function, std::shared_ptr<PackageDirectory> package) {
  if (function.package) function.package->obsolete = true;
  function.package = std::move(package);
}

Registry::Function& Registry::FindFunction(std::string_view name) {
  auto it = functions_.find(name);
  if (it == functions_.end()) {
    throw ApiError("ResourceNotFoundException", "Function not found: " + FunctionArn(name), 404);
  }
  return it->second;
}

const Registry::Function& Registry::FindFunction(std::string_view name) const {
  return const_cast<Registry*>(this)->FindFunction(name);
}

void Registry::CheckRevision(const FunctionRecord& record, std::string_view revision_id) const {
  if (!revision_id.empty() && revision_id != record.revision_id) {
    throw ApiError("PreconditionFailedException",
                   "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias "
                   "API to retrieve the latest Revision Id",
                   412);
  }
}

uint64_t Registry::ReserveGeneration() {
  std::lock_guard lock(mutex_);
  return next_generation_++;
}

FunctionRecord Registry::CreateFunction(FunctionRecord record, std::string_view zip) {
  {
    std::lock_guard lock(mutex_);
    if (functions_.contains(record.config.name)) {
      throw ApiError("ResourceConflictException", "Function already exist: " + record.config.name, 409);
    }
  }
  // Unzipped without the lock (up to 250 MB): pollers and invocations look
  // up their runners meanwhile.
  Function function;
  function.package = Unpack(zip, ReserveGeneration(), &record);
  std::lock_guard lock(mutex_);
  try {
    if (functions_.contains(record.config.name)) {  // created meanwhile
      throw ApiError("ResourceConflictException", "Function already exist: " + record.config.name, 409);
    }
    Touch(&record);
    Persist(record);
  } catch (...) {
    function.package->obsolete = true;
    throw;
  }
  function.record = record;
  function.runner = MakeRunner(function);
  functions_.emplace(record.config.name, std::move(function));
  return record;
}

FunctionRecord Registry::GetFunction(std::string_view name) const {
  std::lock_guard lock(mutex_);
  return FindFunction(name).record;
}

std::vector<FunctionRecord> Registry::ListFunctions() const {
  std::lock_guard lock(mutex_);
  std::vector<FunctionRecord> records;
  for (const auto& [name, function] : functions_) records.push_back(function.record);
  return records;
}

size_t Registry::FunctionCount() const {
  std::lock_guard lock(mutex_);
  return functions_.size();
}

int64_t Registry::TotalCodeSize() const {
  std::lock_guard lock(mutex_);
  int64_t total = 0;
  for (const auto& [name, function] : functions_) total += function.record.code_size;
  return total;
}

FunctionRecord Registry::UpdateFunctionCode(std::string_view name, std::string_view zip,
                                            std::string_view revision_id) {
  FunctionRecord record;
  {
    std::lock_guard lock(mutex_);
    record = FindFunction(name).record;
    CheckRevision(record, revision_id);
  }
  std::shared_ptr<PackageDirectory> package = Unpack(zip, ReserveGeneration(), &record);
  std::lock_guard lock(mutex_);
  try {
    Function& function = FindFunction(name);  // deleted meanwhile: not found
    CheckRevision(function.record, revision_id);
    // Changed meanwhile: the other change's settings, this package.
    const FunctionRecord unpacked = record;
    record = function.record;
    record.config.code_directory = unpacked.config.code_directory;
    record.code_generation = unpacked.code_generation;
    record.code_sha256 = unpacked.code_sha256;
    record.code_size = unpacked.code_size;
    record.from_file = false;
    Touch(&record);
    Persist(record);
    function.record = record;
    ReplacePackage(function, std::move(package));
    function.runner = MakeRunner(function);  // the old one goes when its last invocation ends
  } catch (...) {
    if (package) package->obsolete = true;
    throw;
  }
  return record;
}

FunctionRecord Registry::UpdateTags(std::string_view name, const std::function<void(FunctionRecord&)>& change) {
  std::lock_guard lock(mutex_);
  Function& function = FindFunction(name);
  FunctionRecord record = function.record;
  change(record);
  Persist(record);
  function.record = record;  // the same runner: tags do not touch the code or its settings
  return record;
}

FunctionRecord Registry::UpdateFunctionConfiguration(std::string_view name, std::string_view revision_id,
                                                     const std::function<void(FunctionRecord&)>& change) {
  std::lock_guard lock(mutex_);
  Function& function = FindFunction(name);
  CheckRevision(function.record, revision_id);
  FunctionRecord record = function.record;
  change(record);
  Touch(&record);
  Persist(record);
  function.record = record;
  function.runner = MakeRunner(function);  // the same package
  return record;
}

FunctionRecord Registry::AddPermission(std::string_view name, std::string_view sid, std::string statement,
                                       std::string_view revision_id) {
  std::lock_guard lock(mutex_);
  Function& function = FindFunction(name);
  CheckRevision(function.record, revision_id);
  for (const std::string& existing : function.record.policy_statements) {
    if (SidOf(existing) == sid) {
      throw ApiError("ResourceConflictException",
                     "The statement id (" + std::string(sid) +
                         ") provided already exists. Please provide a new statement id, or remove the existing "
                         "statement.",
                     409);
    }
  }
  function.record.policy_statements.push_back(std::move(statement));
  function.record.revision_id = NewUuid();
  Persist(function.record);
  return function.record;
}

void Registry::RemovePermission(std::string_view name, std::string_view sid, std::string_view revision_id) {
  std::lock_guard lock(mutex_);
  Function& function = FindFunction(name);
  CheckRevision(function.record, revision_id);
  std::vector<std::string>& statements = function.record.policy_statements;
  auto it = std::find_if(statements.begin(), statements.end(), [&](const std::string& s) { return SidOf(s) == sid; });
  if (it == statements.end()) {
    throw ApiError("ResourceNotFoundException",
                   "Statement " + std::string(sid) + " is not found in resource policy.", 404);
  }
  statements.erase(it);
  function.record.revision_id = NewUuid();
  Persist(function.record);
}

void Registry::DeleteFunction(std::string_view name) {
  std::shared_ptr<functions::FunctionRunner> runner;
  {
    std::lock_guard lock(mutex_);
    Function& function = FindFunction(name);
    options_.engine->DeleteState(FunctionKey(name));
    ReplacePackage(function, nullptr);
    runner = std::move(function.runner);
    functions_.erase(functions_.find(name));
  }
  // Lambda ends a deleted function's running invocations; its mappings stay
  // and report the missing function.
  if (runner) runner->Shutdown();
}

std::shared_ptr<functions::FunctionRunner> Registry::Runner(std::string_view name) const {
  std::lock_guard lock(mutex_);
  auto it = functions_.find(name);
  return it == functions_.end() ? nullptr : it->second.runner;
}

// --- mappings -------------------------------------------------------------------

bool Registry::AddPoller(const MappingRecord& record, std::string* error) {
  const std::string name = record.config.function_name;
  auto deliver = [this, name](const std::string& event) {
    std::shared_ptr<functions::FunctionRunner> runner = Runner(name);
    if (!runner) return streams::DeliveryResult{false, "Function not found: " + FunctionArn(name), ""};
    functions::InvokeResult result = runner->Invoke(event);
    return streams::DeliveryResult{result.ok(), std::move(result.payload), std::move(result.request_id)};
  };
  return pollers_.Add(record.config, FunctionArn(name), deliver, error);
}

MappingRecord& Registry::FindMapping(std::string_view uuid) {
  auto it = std::find_if(mappings_.begin(), mappings_.end(),
                         [&](const MappingRecord& m) { return m.config.uuid == uuid; });
  if (it == mappings_.end()) {
    throw ApiError("ResourceNotFoundException", "The resource you requested does not exist.", 404);
  }
  return *it;
}

void Registry::CheckMapping(const MappingRecord& record) const {
  for (const MappingRecord& existing : mappings_) {
    if (existing.config.uuid != record.config.uuid &&
        existing.config.function_name == record.config.function_name &&
        existing.config.table_name == record.config.table_name) {
      throw ApiError("ResourceConflictException", DuplicateMappingMessage(existing), 409);
    }
  }
  streams::EventFilter filter;
  std::string error;
  if (!streams::EventFilter::Parse(record.config.filter_patterns, &filter, &error)) throw InvalidParameter(error);
}

MappingRecord Registry::CreateMapping(MappingRecord record) {
  std::lock_guard lock(mutex_);
  record.config.uuid = NewUuid();
  record.config.checkpoint_key = "poller/esm/" + record.config.uuid;
  CheckMapping(record);
  record.created_millis = record.last_modified_millis = options_.clock->NowMillis();
  record.state = record.config.enabled ? MappingState::kEnabled : MappingState::kDisabled;
  // Stored before its poller starts (and saves a checkpoint): a crash in
  // between leaves a mapping that starts at the next start, never a poller
  // or checkpoint without one.
  Persist(record);
  std::string error;
  bool added = false;
  try {
    added = AddPoller(record, &error);
  } catch (...) {
    options_.engine->DeleteState(MappingKey(record.config.uuid));
    throw;
  }
  if (!added) {
    options_.engine->DeleteState(MappingKey(record.config.uuid));
    throw InvalidParameter(error);
  }
  mappings_.push_back(record);
  record.state = MappingState::kCreating;  // as Lambda answers the create
  return record;
}

MappingRecord Registry::GetMapping(std::string_view uuid) const {
  std::lock_guard lock(mutex_);
  return const_cast<Registry*>(this)->FindMapping(uuid);
}

std::vector<MappingRecord> Registry::ListMappings() const {
  std::lock_guard lock(mutex_);
  return mappings_;
}

std::string Registry::LastProcessingResult(std::string_view uuid) const {
  std::string result = "No records processed";
  pollers_.Visit(uuid, [&](const streams::MappingPoller& poller) { result = poller.last_result(); });
  return result;
}

MappingRecord Registry::UpdateMapping(std::string_view uuid, const std::function<void(MappingRecord&)>& change) {
  std::lock_guard lock(mutex_);
  MappingRecord& stored = FindMapping(uuid);
  if (stored.state == MappingState::kDeleting) {
    throw ApiError("ResourceInUseException",
                   "Cannot update the event source mapping because it is in use.", 400);
  }
  MappingRecord updated = stored;
  change(updated);
  CheckMapping(updated);
  const bool was_enabled = stored.config.enabled;
  updated.last_modified_millis = options_.clock->NowMillis();
  const MappingState settled = updated.config.enabled ? MappingState::kEnabled : MappingState::kDisabled;
  updated.state = !was_enabled && updated.config.enabled   ? MappingState::kEnabling
                  : was_enabled && !updated.config.enabled ? MappingState::kDisabling
                                                           : MappingState::kUpdating;
  stored = updated;
  Persist(stored);
  const MappingState answered = updated.state;
  // The old poller finishes its batch before the new one starts.
  Retire(uuid, [this, id = std::string(uuid), settled] {
    auto it = std::find_if(mappings_.begin(), mappings_.end(),
                           [&](const MappingRecord& m) { return m.config.uuid == id; });
    if (it == mappings_.end() || it->state == MappingState::kDeleting) return;
    std::string error;
    AddPoller(*it, &error);
    it->state = settled;
    Persist(*it);
  });
  updated.state = answered;
  return updated;
}

MappingRecord Registry::DeleteMapping(std::string_view uuid) {
  std::lock_guard lock(mutex_);
  MappingRecord& stored = FindMapping(uuid);
  stored.state = MappingState::kDeleting;
  Persist(stored);
  MappingRecord answer = stored;
  Retire(uuid, [this, id = std::string(uuid)] {
    auto it = std::find_if(mappings_.begin(), mappings_.end(),
                           [&](const MappingRecord& m) { return m.config.uuid == id; });
    if (it == mappings_.end()) return;
    options_.engine->DeleteState(MappingKey(id));
    options_.engine->DeleteState(it->config.checkpoint_key);
    mappings_.erase(it);
  });
  return answer;
}

void Registry::Retire(std::string_view uuid, std::function<void()> then) {
  retiring_.push_back(Retiring{pollers_.Remove(uuid), std::move(then)});
  retire_wake_.notify_one();
}

void Registry::RetireLoop() {
  std::unique_lock lock(mutex_);
  for (;;) {
    retire_wake_.wait(lock, [this] { return stopping_ || !retiring_.empty(); });
    if (retiring_.empty()) return;  // stopping, nothing left
    Retiring next = std::move(retiring_.front());
    retiring_.pop_front();
    lock.unlock();
    if (next.poller) next.poller->Join();
    next.poller.reset();
    lock.lock();
    if (stopping_) continue;
    try {
      next.then();
    } catch (const std::exception& e) {
      // A storage error: the mapping stays as stored, and starts again at
      // the next start.
      std::cerr << "eddy: event source mapping: " << e.what() << "\n";
    }
  }
}

}  // namespace eddy::registry
