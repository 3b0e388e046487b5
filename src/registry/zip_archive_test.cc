#include "registry/zip_archive.h"

#include <doctest/doctest.h>
#include <sys/stat.h>
#include <zip.h>

#include <fstream>
#include <sstream>
#include <utility>
#include <vector>

#include "testing/temp_dir.h"

namespace eddy::registry {
namespace {

namespace fs = std::filesystem;
using testing::TempDir;

struct Entry {
  std::string name;
  std::string content;
  int mode = 0;  // unix permissions; 0 = none recorded
};

// A zip made with libzip itself, in memory.
std::string MakeZip(const std::vector<Entry>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* target = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_source_keep(target);
  zip_t* archive = zip_open_from_source(target, ZIP_TRUNCATE, &error);
  REQUIRE(archive != nullptr);
  for (const Entry& entry : entries) {
    zip_source_t* data = zip_source_buffer(archive, entry.content.data(), entry.content.size(), 0);
    const zip_int64_t index = zip_file_add(archive, entry.name.c_str(), data, ZIP_FL_OVERWRITE);
    REQUIRE(index >= 0);
    if (entry.mode != 0) {
      zip_file_set_external_attributes(archive, static_cast<zip_uint64_t>(index), 0, ZIP_OPSYS_UNIX,
                                       static_cast<zip_uint32_t>((0100000 | entry.mode) << 16));
    }
  }
  REQUIRE(zip_close(archive) == 0);
  zip_source_open(target);
  zip_source_seek(target, 0, SEEK_END);
  const zip_int64_t size = zip_source_tell(target);
  zip_source_seek(target, 0, SEEK_SET);
  std::string bytes(static_cast<size_t>(size), '\0');
  zip_source_read(target, bytes.data(), bytes.size());
  zip_source_close(target);
  zip_source_free(target);
  return bytes;
}

std::string Read(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST_CASE("a package unpacks with its directories and its executables' modes") {
  TempDir dir;
  const std::string zip = MakeZip({{"lambda_function.py", "def h(e, c): pass\n", 0},
                                   {"lib/util.py", "X = 1\n", 0644},
                                   {"bootstrap", "#!/bin/sh\n", 0755}});
  std::string error;
  REQUIRE(ExtractZip(zip, dir.path / "code", &error) == ZipProblem::kNone);
  CHECK(Read(dir.path / "code" / "lambda_function.py") == "def h(e, c): pass\n");
  CHECK(Read(dir.path / "code" / "lib" / "util.py") == "X = 1\n");
  struct stat info {};
  REQUIRE(stat((dir.path / "code" / "bootstrap").c_str(), &info) == 0);
  CHECK((info.st_mode & 0111) != 0);
  REQUIRE(stat((dir.path / "code" / "lambda_function.py").c_str(), &info) == 0);
  CHECK((info.st_mode & 0777) == 0644);
}

TEST_CASE("what is not a zip, or would write outside its directory, is refused") {
  TempDir dir;
  std::string error;
  CHECK(ExtractZip("not a zip at all", dir.path / "a", &error) == ZipProblem::kNotAZip);
  CHECK(ExtractZip(MakeZip({{"../escape.py", "x"}}), dir.path / "b", &error) == ZipProblem::kNotAZip);
  CHECK_FALSE(fs::exists(dir.path / "escape.py"));
  CHECK(ExtractZip(MakeZip({{"/etc/evil", "x"}}), dir.path / "c", &error) == ZipProblem::kNotAZip);
  CHECK(ExtractZip(MakeZip({{"a/../../evil", "x"}}), dir.path / "d", &error) == ZipProblem::kNotAZip);
}

}  // namespace
}  // namespace eddy::registry
