// Registry: the functions and event source mappings eddy runs, created,
// changed and deleted while it runs (Lambda's API, the functions file at
// start), persisted through the engine's state and the package directory,
// and brought back at start with their checkpoints.
//
// Concurrency: one mutex guards the records and the runners' map; it is
// never held while a function runs or a poller is joined. A mapping's
// poller is stopped and joined on the registry's own thread (a batch being
// delivered is let finish), and only then started again with its new
// settings, so a mapping is never read by two pollers at once. Lock order:
// Registry::mutex_ -> Pollers' mutex -> the engine's write lock.
//
// Errors are ApiErrors with Lambda's types and statuses
// (ResourceNotFoundException 404, ResourceConflictException 409, ...).
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "core/clock.h"
#include "engine/engine.h"
#include "functions/function_runner.h"
#include "functions/functions_file.h"
#include "registry/records.h"
#include "streams/pollers.h"

namespace eddy::registry {

struct RegistryOptions {
  Engine* engine = nullptr;     // required
  const Clock* clock = nullptr;  // required: LastModified
  std::string code_root;        // packages unzipped under <code_root>/<function>/<generation>/
  std::string region;
};

class Registry {
 public:
  explicit Registry(RegistryOptions options);
  ~Registry();  // Stop()
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // Loads the stored functions and mappings, then applies the functions
  // file as creates (a function or mapping of the file replaces a stored
  // one of the same name, or of the same function and table), and starts
  // the pollers. `env` carries eddy's own URL, known once it listens.
  // False with *error when the file's mappings cannot run.
  bool Start(functions::RunnerEnvironment env, const functions::FunctionsFile& file, std::string* error);
  // Stops the pollers, then the functions they invoke (so an invocation cut
  // short is not taken for a failure); then joins everything. Idempotent.
  void BeginStop();
  void Stop();
  bool stopping() const {
    std::lock_guard lock(mutex_);
    return stopping_;
  }

  // --- Functions. `zip` is the package's bytes. ---
  FunctionRecord CreateFunction(FunctionRecord record, std::string_view zip);
  FunctionRecord GetFunction(std::string_view name) const;
  std::vector<FunctionRecord> ListFunctions() const;  // by name
  FunctionRecord UpdateFunctionCode(std::string_view name, std::string_view zip, std::string_view revision_id);
  // `change` edits a copy of the record (its config included); the runner
  // is replaced by one with the new settings.
  FunctionRecord UpdateFunctionConfiguration(std::string_view name, std::string_view revision_id,
                                             const std::function<void(FunctionRecord&)>& change);
  // Tags: the record changes, not its revision or runner.
  FunctionRecord UpdateTags(std::string_view name, const std::function<void(FunctionRecord&)>& change);
  // Records a statement of the function's resource policy (not enforced).
  FunctionRecord AddPermission(std::string_view name, std::string_view sid, std::string statement,
                               std::string_view revision_id);
  void RemovePermission(std::string_view name, std::string_view sid, std::string_view revision_id);
  void DeleteFunction(std::string_view name);
  // The runner to invoke, kept alive by the caller across an update.
  std::shared_ptr<functions::FunctionRunner> Runner(std::string_view name) const;
  size_t FunctionCount() const;
  int64_t TotalCodeSize() const;

  // --- Event source mappings. ---
  // record.config names the function and the table; the UUID and the
  // checkpoint key are assigned here.
  MappingRecord CreateMapping(MappingRecord record);
  MappingRecord GetMapping(std::string_view uuid) const;
  std::vector<MappingRecord> ListMappings() const;  // in creation order
  MappingRecord UpdateMapping(std::string_view uuid, const std::function<void(MappingRecord&)>& change);
  MappingRecord DeleteMapping(std::string_view uuid);
  // The poller's LastProcessingResult ("No records processed" when none).
  std::string LastProcessingResult(std::string_view uuid) const;

  streams::Pollers& pollers() { return pollers_; }
  Engine& engine() const { return *options_.engine; }
  std::string FunctionArn(std::string_view name) const;

 private:
  // An unpacked package, removed from disk once it is obsolete (replaced or
  // its function deleted) and its last holder (a runner) has gone; kept at
  // shutdown.
  struct PackageDirectory {
    explicit PackageDirectory(std::string directory) : path(std::move(directory)) {}
    ~PackageDirectory();
    const std::string path;
    std::atomic<bool> obsolete{false};
  };
  struct Function {
    FunctionRecord record;
    std::shared_ptr<PackageDirectory> package;  // null for a functions-file function
    std::shared_ptr<functions::FunctionRunner> runner;
  };
  struct Retiring {  // a poller being stopped, and what to do once it has
    std::unique_ptr<streams::MappingPoller> poller;
    std::function<void()> then;  // run under mutex_
  };

  void Load();
  // Unpacks `zip` into a new generation of `name`'s package directory.
  // Unpacks `zip` into generation `generation` of the function's package
  // directory (no lock needed: the generation is reserved).
  std::shared_ptr<PackageDirectory> Unpack(std::string_view zip, uint64_t generation, FunctionRecord* record) const;
  uint64_t ReserveGeneration();
  // A mapping may be stored: no other mapping of its function on its
  // table, filters that parse. Call with mutex_ held.
  void CheckMapping(const MappingRecord& record) const;
  static void ReplacePackage(Function& function, std::shared_ptr<PackageDirectory> package);
  void Touch(FunctionRecord* record) const;  // new RevisionId and LastModified
  void Persist(const FunctionRecord& record);
  void Persist(const MappingRecord& record);
  std::shared_ptr<functions::FunctionRunner> MakeRunner(const Function& function) const;
  Function& FindFunction(std::string_view name);  // throws ResourceNotFoundException
  const Function& FindFunction(std::string_view name) const;
  void CheckRevision(const FunctionRecord& record, std::string_view revision_id) const;
  MappingRecord& FindMapping(std::string_view uuid);
  bool AddPoller(const MappingRecord& record, std::string* error);  // call with mutex_ held
  // Stops the mapping's poller on the retiring thread, then runs `then`.
  void Retire(std::string_view uuid, std::function<void()> then);
  void RetireLoop();

  const RegistryOptions options_;
  streams::Pollers pollers_;
  functions::RunnerEnvironment env_;  // set by Start

  mutable std::mutex mutex_;
  std::map<std::string, Function, std::less<>> functions_;       // guarded by mutex_
  std::vector<MappingRecord> mappings_;                           // guarded by mutex_, creation order
  uint64_t next_generation_ = 1;                                  // guarded by mutex_
  std::deque<Retiring> retiring_;                                 // guarded by mutex_
  bool stopping_ = false;                                         // guarded by mutex_
  std::condition_variable retire_wake_;
  std::thread retire_thread_;
};

}  // namespace eddy::registry
