// A fresh directory under the system's temporary directory, removed with
// everything in it when the object goes away (for tests on a real RocksDB).
#pragma once

#include <filesystem>
#include <random>
#include <string>

namespace eddy::testing {

struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& prefix = "eddy-test-") {
    std::random_device rd;
    path = std::filesystem::temp_directory_path() / (prefix + std::to_string(rd()) + std::to_string(rd()));
    std::filesystem::create_directories(path);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

}  // namespace eddy::testing
