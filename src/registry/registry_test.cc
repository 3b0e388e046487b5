#include "registry/registry.h"

#include <doctest/doctest.h>

#include <filesystem>

#include "core/api_error.h"
#include "logs/log_store.h"
#include "registry/zip_archive.h"
#include "testing/temp_dir.h"

namespace eddy::registry {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

// An empty zip (its end-of-central-directory record): a package with no files.
const std::string kEmptyZip("PK\x05\x06" + std::string(18, '\0'), 22);

struct Harness {
  TempDir dir;
  ManualClock clock{1'700'000'000'000};
  std::unique_ptr<Engine> engine;
  std::unique_ptr<logs::LogStore> logs;
  std::unique_ptr<Registry> registry;

  Harness() { Open(); }
  void Open() {
    engine = Engine::Open({(dir.path / "db").string(), &clock});
    std::string error;
    logs::LogStoreOptions log_options;
    log_options.directory = (dir.path / "logs").string();
    log_options.clock = &clock;
    logs = logs::LogStore::Open(log_options, &error);
    REQUIRE(logs);
    registry = std::make_unique<Registry>(RegistryOptions{.engine = engine.get(), .clock = &clock,
                                                          .code_root = (dir.path / "functions").string(),
                                                          .region = "us-east-1"});
    functions::RunnerEnvironment env;
    env.logs = logs.get();
    env.clock = &clock;
    REQUIRE(registry->Start(env, {}, &error));
  }
  void Restart() {
    registry.reset();
    logs.reset();
    engine.reset();
    Open();
  }
};

FunctionRecord Python(std::string name) {
  FunctionRecord record;
  record.config.name = std::move(name);
  record.config.runtime = "python3.12";
  record.config.handler = "lambda_function.lambda_handler";
  record.role = "arn:aws:iam::000000000000:role/r";
  return record;
}

TEST_CASE("functions are created once, changed with a new revision, and come back after a restart") {
  Harness h;
  FunctionRecord created = h.registry->CreateFunction(Python("f"), kEmptyZip);
  CHECK(created.code_size == static_cast<int64_t>(kEmptyZip.size()));
  CHECK(created.code_sha256.size() == 44);
  CHECK(fs::is_directory(created.config.code_directory));
  CHECK_THROWS_AS(h.registry->CreateFunction(Python("f"), kEmptyZip), ApiError);
  CHECK(h.registry->Runner("f") != nullptr);

  FunctionRecord changed = h.registry->UpdateFunctionConfiguration(
      "f", created.revision_id, [](FunctionRecord& r) { r.config.timeout_seconds = 9; });
  CHECK(changed.revision_id != created.revision_id);
  // A stale revision is refused.
  CHECK_THROWS_AS(h.registry->UpdateFunctionConfiguration("f", created.revision_id, [](FunctionRecord&) {}),
                  ApiError);

  FunctionRecord new_code = h.registry->UpdateFunctionCode("f", kEmptyZip, "");
  CHECK(new_code.config.code_directory != created.config.code_directory);
  CHECK_FALSE(fs::exists(created.config.code_directory));  // no runner holds the old package
  CHECK(new_code.config.timeout_seconds == 9);

  h.Restart();
  FunctionRecord loaded = h.registry->GetFunction("f");
  CHECK(loaded.revision_id == new_code.revision_id);
  CHECK(loaded.config.timeout_seconds == 9);
  CHECK(fs::is_directory(loaded.config.code_directory));

  h.registry->DeleteFunction("f");
  CHECK_THROWS_AS(h.registry->GetFunction("f"), ApiError);
  CHECK_FALSE(fs::exists(loaded.config.code_directory));
  h.Restart();
  CHECK(h.registry->ListFunctions().empty());
}

TEST_CASE("a package that is not a zip leaves nothing behind") {
  Harness h;
  CHECK_THROWS_AS(h.registry->CreateFunction(Python("f"), "not a zip"), ApiError);
  CHECK_THROWS_AS(h.registry->GetFunction("f"), ApiError);
  const fs::path packages = h.dir.path / "functions" / "f";
  CHECK((!fs::exists(packages) || fs::is_empty(packages)));
}

TEST_CASE("mappings settle their states, and are gone with their checkpoint once deleted") {
  Harness h;
  TableInfo spec;
  spec.name = "T";
  spec.key_space.schema.hash = {"p", AttributeType::kString};
  spec.attribute_definitions = {{"p", AttributeType::kString}};
  spec.stream = {true, "NEW_IMAGE", ""};
  h.engine->CreateTable(spec);
  h.registry->CreateFunction(Python("f"), kEmptyZip);
  MappingRecord record;
  record.config.function_name = "f";
  record.config.table_name = "T";
  MappingRecord created = h.registry->CreateMapping(record);
  CHECK(created.state == MappingState::kCreating);
  CHECK(h.registry->GetMapping(created.config.uuid).state == MappingState::kEnabled);
  CHECK_THROWS_AS(h.registry->CreateMapping(record), ApiError);  // same function and table
  CHECK(h.engine->GetState(created.config.checkpoint_key));

  MappingRecord disabling = h.registry->UpdateMapping(created.config.uuid, [](MappingRecord& m) {
    m.config.enabled = false;
  });
  CHECK(disabling.state == MappingState::kDisabling);
  for (int i = 0; i < 500 && h.registry->GetMapping(created.config.uuid).state != MappingState::kDisabled; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  CHECK(h.registry->GetMapping(created.config.uuid).state == MappingState::kDisabled);

  h.Restart();
  CHECK(h.registry->GetMapping(created.config.uuid).state == MappingState::kDisabled);
  CHECK(h.registry->DeleteMapping(created.config.uuid).state == MappingState::kDeleting);
  bool gone = false;
  for (int i = 0; i < 500 && !gone; ++i) {
    try {
      h.registry->GetMapping(created.config.uuid);
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    } catch (const ApiError&) {
      gone = true;
    }
  }
  CHECK(gone);
  CHECK_FALSE(h.engine->GetState(created.config.checkpoint_key));
  h.Restart();
  CHECK(h.registry->ListMappings().empty());
}

}  // namespace
}  // namespace eddy::registry
