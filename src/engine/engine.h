// Engine: the facade that the server (and later streams, TTL and functions)
// call. It owns the store and the catalog, runs every item write through one
// write path (read old item, check condition, Apply, one WriteBatch, commit) under one write lock, and serves
// reads without locks from RocksDB's implicit snapshots.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <span>
#include <thread>
#include <vector>

#include "core/api_error.h"
#include "core/clock.h"
#include "engine/stream_notifier.h"
#include "engine/index_entries.h"
#include "engine/read_spec.h"
#include "engine/write_lock.h"
#include "engine/table_info.h"
#include "engine/write_op.h"
#include "storage/store.h"

namespace eddy {

class Catalog;

// Throws ApiError::Internal for a failed RocksDB status (the engine's one
// mapping of storage errors): the details go to stderr, the client gets a
// summary without file names.
void ThrowIfStorageError(const rocksdb::Status& status);
// "no space left on the data directory's device", ... (no paths).
std::string StorageErrorSummary(const rocksdb::Status& status);

struct EngineOptions {
  std::string data_dir;
  Clock* clock = nullptr;  // required; outlives the engine
  // How long a new table stays CREATING, a deleted one DELETING, and an
  // index being created or deleted in its transient status before the work
  // starts, as DynamoDB Local's -delayTransientStatuses makes them; 0: at
  // once.
  int64_t transient_delay_millis = 0;
  // Writes are refused (and /_eddy/health says why) while the data
  // directory's file system has less free space than this: RocksDB must
  // never see a full disk, since Debian's build asserts on the write after
  // a failed one. 0: no check.
  uint64_t min_free_bytes = 64ull << 20;
};

// One record of the stream log.
struct StreamRecord {
  uint64_t sequence = 0;
  int64_t created_millis = 0;
  std::string json_members;  // the record's JSON without braces and awsRegion
};

// Stream records (and closed streams) older than this are trimmed.
inline constexpr int64_t kStreamRetentionMillis = 24 * 3600 * 1000;

struct WriteOutcome {
  bool condition_failed = false;
  // An error of this write that depends on the old item (an update's
  // operand types, an index key of the new item): the write, and every
  // write committed with it, did not happen.
  std::optional<ApiError> error;
  bool had_item = false;         // an item existed before the write
  size_t old_size = 0;           // DynamoDB sizes before and after, for
  size_t new_size = 0;           // capacity units
  // The item before the write, decoded when the op reads it (a condition,
  // an update) or the caller asked for it.
  std::optional<Item> old_item;
  // The item after the write, or null when there is none. Points into the
  // op (a put's item) or into updated_item; valid while both live.
  const Item* new_item = nullptr;
  std::unique_ptr<Item> updated_item;
  bool unchanged = false;        // the new item equals the old: nothing written
  // The secondary indexes the write changed (ReturnConsumedCapacity INDEXES).
  std::vector<IndexChange> index_changes;

  bool failed() const { return condition_failed || error.has_value(); }
};

// One write of a multi-item write: the table as the caller looked it up
// (the engine uses its live version), the op, and whether to decode the
// old item even when the op does not read it (ReturnValues).
struct ItemWrite {
  const TableInfo* table = nullptr;
  const WriteOp* op = nullptr;
  bool want_old_item = false;
};

class Engine {
 public:
  // Opens the data directory. Throws std::runtime_error on failure.
  static std::unique_ptr<Engine> Open(const EngineOptions& options);
  ~Engine();

  const Clock& clock() const { return *clock_; }

  // --- Tables. Throw ApiError (ResourceNotFound, ResourceInUse). ---
  // `spec` has everything but the ids and timestamps, which are assigned here.
  TableInfoPtr CreateTable(TableInfo spec);
  TableInfoPtr DeleteTable(std::string_view name);
  // Changes the table's settings: `change` gets the current settings and a
  // copy to modify, under the write lock, so its checks and the update see
  // the same state (it may throw ApiError to refuse). Name, ids, keys and
  // counters are kept whatever it does. An index it adds (key_space.id 0)
  // gets an id and is backfilled in the background (CREATING, then
  // ACTIVE); an index it marks DELETING is removed in the background.
  using TableChange = std::function<void(const TableInfo& current, TableInfo* updated)>;
  TableInfoPtr UpdateTable(std::string_view name, const TableChange& change);
  // The table, or throws ResourceNotFoundException with `not_found_message`.
  TableInfoPtr GetTable(std::string_view name,
                        std::string_view not_found_message = "Requested resource not found") const;
  TableInfoPtr FindTable(std::string_view name) const;
  std::vector<std::string> TableNames() const;

  // --- Items. ---
  // The one write path. Under the write lock it reads every old item,
  // checks every condition, applies every op, and commits one WriteBatch
  // holding the items, their index entries and one stream record per
  // changed item, or, when any write fails (a condition, or an error that
  // depends on the old item), commits nothing. Failures are values in the
  // outcomes (one per write, in order), each with its reason, so a
  // transaction can report all of them. Keys must be distinct (callers
  // reject duplicates). Throws ApiError only for what fails the whole list
  // (a table deleted meanwhile, a storage error).
  std::vector<WriteOutcome> WriteAll(std::span<const ItemWrite> writes);
  // A list of one. A failed ConditionExpression is a value
  // (condition_failed with old_item), not an exception; any other failure
  // of the write is thrown.
  WriteOutcome Write(const TableInfo& table, const WriteOp& op, bool want_old_item = false);
  // Reads several items from one snapshot (TransactGetItems); null for a
  // missing item.
  std::vector<std::optional<Item>> GetItems(std::span<const std::string* const> storage_keys) const;
  std::optional<Item> GetItem(const TableInfo& table, const PrimaryKey& key) const;

  // --- Stream log (records are written by Write when the table's stream
  // is enabled). One shard per stream: see docs/ARCHITECTURE.md. ---
  // Records of `stream` with sequence >= `from_sequence`, in order, at most
  // `limit` of them and stopping once `max_bytes` of JSON is collected.
  std::vector<StreamRecord> ReadStream(const TableInfo& table, const StreamDescriptor& stream,
                                       uint64_t from_sequence, size_t limit, size_t max_bytes) const;
  // The first and last sequence numbers in the stream, if it has records.
  std::optional<std::pair<uint64_t, uint64_t>> StreamRange(const TableInfo& table,
                                                           const StreamDescriptor& stream) const;
  // How many records of `stream` have sequence >= `from_sequence`, counting
  // at most `cap` (keys only: nothing is decoded).
  size_t CountStreamRecords(const TableInfo& table, const StreamDescriptor& stream, uint64_t from_sequence,
                            size_t cap) const;
  // The sequence number of the last stream record committed: every later
  // record is greater. The engine assigns them under the write lock, so
  // stream order is commit order for every writer.
  uint64_t LatestSequence() const { return last_sequence_.load(std::memory_order_acquire); }
  // Deletes stream records older than 24 hours, and forgets streams closed
  // more than 24 hours ago. Returns how many records it deleted.
  size_t TrimStreams();
  // Why item writes are failing (the last failed commit's summary), until
  // one succeeds again; null when healthy. For /_eddy/health.
  std::optional<std::string> StorageProblem() const;
  // Woken after every commit that appends a stream record (pollers wait on it).
  StreamNotifier& stream_notifier() const { return stream_notifier_; }

  // --- Small durable values for the layers above (the stream poller's
  // checkpoints), in the catalog column family under "state/". Written
  // like items: WAL, no fsync, so they survive kill -9. Throw on storage
  // errors. ---
  void PutState(std::string_view key, std::string_view value);
  std::optional<std::string> GetState(std::string_view key) const;
  void DeleteState(std::string_view key);
  // Every (key, value) whose key starts with `prefix`, in key order, keys
  // without the prefix.
  std::vector<std::pair<std::string, std::string>> ListState(std::string_view prefix) const;

  // The bytes of the item collection of `partition` (a table with LSIs):
  // its items and their entries in every LSI, as DynamoDB sizes it for
  // ItemCollectionMetrics. Reads the whole collection: only on request.
  int64_t ItemCollectionBytes(const TableInfo& table, const AttributeValue& partition) const;

  ReadPage Query(const TableInfo& table, const QuerySpec& spec) const;
  ReadPage Scan(const TableInfo& table, const ScanSpec& spec) const;

 private:
  Engine(std::unique_ptr<storage::Store> store, Clock* clock);
  // Opens a new stream on `table` (enabling): label, descriptor. Called
  // under write_mutex_.
  void StartStream(TableInfo* table, int64_t now_millis) const;
  // The table's stream that is taking records, or null.
  static const StreamDescriptor* OpenStream(const TableInfo& table);
  // What WriteUnderLock learned about one write, for StageWrite.
  struct PendingWrite;
  // WriteAll's work on caller-provided outcomes (a single Write needs no
  // vector). Takes the write lock.
  void WriteUnderLock(std::span<const ItemWrite> writes, std::span<WriteOutcome> outcomes);
  // Writes a batch; after a failed one, first asks RocksDB to resume.
  // Called under write_mutex_ (or in Open, before any other thread).
  rocksdb::Status CommitBatch(rocksdb::WriteBatch* batch);
  // Callers reject one item twice in a list with their own error; this is
  // the engine's guard (ApiError::Internal).
  static void ThrowIfSameKeyTwice(std::span<const ItemWrite> writes);
  // Reads the old item and checks the condition, then applies the op.
  // Called under write_mutex_.
  void Evaluate(const ItemWrite& write, PendingWrite* pending, WriteOutcome* outcome) const;
  // Adds the item change, its index changes and its stream record (with
  // sequence *next_sequence, then incremented) to `batch`. Called under
  // write_mutex_.
  void StageWrite(PendingWrite& pending, WriteOutcome& outcome, uint64_t* next_sequence,
                  rocksdb::WriteBatch* batch);
  // ItemCount and TableSizeBytes of every table and index, from the items
  // and index entries themselves.
  rocksdb::Status RecountStats();
  // Adds the number and stored sizes of the entries under `prefix` of
  // `family` (as of `snapshot`, null: now) to *count and *size_bytes.
  rocksdb::Status SumEntries(rocksdb::ColumnFamilyHandle* family, const std::string& prefix,
                             const rocksdb::Snapshot* snapshot, int64_t* count, int64_t* size_bytes) const;
  rocksdb::Status CountEntries(rocksdb::ColumnFamilyHandle* family, uint64_t id, std::atomic<int64_t>* count,
                               std::atomic<int64_t>* size_bytes) const;
  // Adds the deletion of every entry of `index` to `batch`.
  void StageIndexRemoval(const IndexInfo& index, rocksdb::WriteBatch* batch) const;
  ReadPage ReadRange(const TableInfo& table, const RangeSpec& range, const ReadOptions& options) const;
  // The item stored under `storage_key`, as of `snapshot` (null: now).
  std::optional<Item> ReadItem(std::string_view storage_key, const rocksdb::Snapshot* snapshot) const;

  // --- Index work in the background (index_builder.cc) ---
  // Wakes the worker to look for indexes in CREATING or DELETING.
  void WakeIndexWorker();
  void IndexWorker(std::stop_token stop);
  // Transitions (a table CREATING or DELETING, an index CREATING before its
  // backfill or DELETING) wait for the transient delay, each from its own
  // start, while the worker serves the others.
  static std::string TransitionKey(const TableInfo& table, const IndexInfo* index);
  void StartTransition(const std::string& key);
  // True once `key`'s delay is over; otherwise lowers `*next` to its deadline.
  bool TransitionDue(const std::string& key, std::optional<std::chrono::steady_clock::time_point>* next);
  // `table` is the version the worker found `index` in; both re-check the
  // live table under the write lock before each change.
  void BuildIndex(std::stop_token stop, const TableInfo& table, const IndexInfo& index);
  void DropIndex(const TableInfo& table, const IndexInfo& index);
  // Adds the next chunk of items to a new index; false once it is complete
  // (or gone). Under write_mutex_.
  bool BackfillChunk(const TableInfo& table, const IndexInfo& index);
  // Publishes an edited copy of the table `name` if it still exists with the
  // same id; `edit` may add to the batch. Called under write_mutex_.
  void EditTable(const std::string& name, uint64_t id,
                 const std::function<void(TableInfo*, rocksdb::WriteBatch*)>& edit);
  // DeleteTable and UpdateTable of a table being created or deleted (only
  // with a transient delay) are DynamoDB's ResourceInUseException.
  static void ThrowIfCreatingOrDeleting(const TableInfo& table);
  // Deletes the table, its items, stream records and index entries, under
  // write_mutex_.
  void RemoveTable(const TableInfo& table);
  // Ends a table's CREATING or DELETING phase (its delay is over).
  void SettleTable(const TableInfo& table);
  // An index created by UpdateTable whose backfill a restart cut short
  // starts over: its entries and counters are cleared. Called from Open.
  void RestartBackfills();

  std::unique_ptr<storage::Store> store_;
  std::unique_ptr<Catalog> catalog_;
  Clock* clock_;
  int64_t transient_delay_millis_ = 0;
  // Serializes item writes and table changes: commit order is the order of
  // this lock, which the stream log will rely on.
  WriteLock write_mutex_;
  // The last stream record's sequence number: read by anyone, advanced only
  // under write_mutex_ after a commit. Recovered at open from RocksDB's
  // sequence number, which every batch advances by at least as much as it
  // adds records (each record is one of its operations).
  std::atomic<uint64_t> last_sequence_{0};
  // The free-space guard: the directory, its threshold, and when it was
  // last measured (statvfs at most every kSpaceCheckMillis, under the lock).
  std::string data_dir_;
  uint64_t min_free_bytes_ = 0;
  int64_t space_checked_millis_ = 0;  // guarded by write_mutex_
  std::atomic<bool> space_low_{false};  // written under write_mutex_
  // Set when an item commit fails, cleared when RocksDB resumes.
  std::atomic<bool> storage_problem_{false};
  mutable std::mutex storage_problem_mutex_;
  std::string storage_problem_text_;  // guarded by storage_problem_mutex_
  mutable StreamNotifier stream_notifier_;
  std::mutex index_work_mutex_;
  std::condition_variable_any index_work_cv_;
  bool index_work_pending_ = false;  // guarded by index_work_mutex_
  // TransitionKey -> when its delay ends; guarded by index_work_mutex_ (taken
  // after write_mutex_ when both are held).
  std::map<std::string, std::chrono::steady_clock::time_point> transition_deadlines_;
  // Last member: stopped and joined first when the engine is destroyed.
  std::jthread index_worker_;
};

}  // namespace eddy
