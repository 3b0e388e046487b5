#include "registry/zip_archive.h"

#include <sys/stat.h>
#include <zip.h>

#include <cstdio>
#include <memory>
#include <vector>

namespace eddy::registry {
namespace {

namespace fs = std::filesystem;

struct ArchiveCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct FileCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

// A relative path inside the package, or empty when the name could escape.
fs::path SafeRelative(std::string_view name) {
  if (name.empty() || name.front() == '/' || name.find('\\') != std::string_view::npos) return {};
  fs::path relative(name);
  for (const fs::path& part : relative) {
    if (part == "..") return {};
  }
  return relative;
}

bool WriteEntry(zip_t* archive, zip_uint64_t index, const fs::path& target, mode_t mode, uint64_t* budget,
                ZipProblem* problem) {
  std::unique_ptr<zip_file_t, FileCloser> in(zip_fopen_index(archive, index, 0));
  if (!in) {
    *problem = ZipProblem::kNotAZip;
    return false;
  }
  std::unique_ptr<FILE, int (*)(FILE*)> out(std::fopen(target.c_str(), "wb"), std::fclose);
  if (!out) {
    *problem = ZipProblem::kStorage;
    return false;
  }
  std::vector<char> buffer(64 * 1024);
  for (;;) {
    const zip_int64_t n = zip_fread(in.get(), buffer.data(), buffer.size());
    if (n < 0) {
      *problem = ZipProblem::kNotAZip;
      return false;
    }
    if (n == 0) break;
    // Counted as read, not as the header claims: a zip bomb lies there.
    if (static_cast<uint64_t>(n) > *budget) {
      *problem = ZipProblem::kTooLarge;
      return false;
    }
    *budget -= static_cast<uint64_t>(n);
    if (std::fwrite(buffer.data(), 1, static_cast<size_t>(n), out.get()) != static_cast<size_t>(n)) {
      *problem = ZipProblem::kStorage;
      return false;
    }
  }
  if (std::fflush(out.get()) != 0) {
    *problem = ZipProblem::kStorage;
    return false;
  }
  chmod(target.c_str(), mode);
  return true;
}

}  // namespace

ZipProblem ExtractZip(std::string_view zip, const fs::path& directory, std::string* error) {
  zip_error_t zip_error;
  zip_error_init(&zip_error);
  zip_source_t* source = zip_source_buffer_create(zip.data(), zip.size(), 0, &zip_error);
  if (source == nullptr) {
    *error = zip_error_strerror(&zip_error);
    zip_error_fini(&zip_error);
    return ZipProblem::kNotAZip;
  }
  std::unique_ptr<zip_t, ArchiveCloser> archive(zip_open_from_source(source, ZIP_RDONLY, &zip_error));
  if (!archive) {
    *error = zip_error_strerror(&zip_error);
    zip_error_fini(&zip_error);
    zip_source_free(source);
    return ZipProblem::kNotAZip;
  }
  zip_error_fini(&zip_error);

  std::error_code ec;
  if (!fs::create_directories(directory, ec)) {
    *error = "cannot create " + directory.string() + ": " + ec.message();
    return ZipProblem::kStorage;
  }
  uint64_t budget = kMaxUnzippedBytes;
  const zip_int64_t entries = zip_get_num_entries(archive.get(), 0);
  for (zip_int64_t i = 0; i < entries; ++i) {
    const auto index = static_cast<zip_uint64_t>(i);
    const char* raw_name = zip_get_name(archive.get(), index, ZIP_FL_ENC_GUESS);
    const fs::path relative = SafeRelative(raw_name ? raw_name : "");
    if (relative.empty()) {
      *error = std::string("unsafe entry name: ") + (raw_name ? raw_name : "(none)");
      return ZipProblem::kNotAZip;
    }
    const bool is_directory = std::string_view(raw_name).ends_with('/');
    zip_uint8_t system = 0;
    zip_uint32_t attributes = 0;
    mode_t mode = is_directory ? 0755 : 0644;
    if (zip_file_get_external_attributes(archive.get(), index, 0, &system, &attributes) == 0 &&
        system == ZIP_OPSYS_UNIX && ((attributes >> 16) & 0777) != 0) {
      // Owner may always read and write; nobody else may write (as unzip
      // under the usual umask of 022).
      mode = (static_cast<mode_t>((attributes >> 16) & 0777) | (is_directory ? 0700 : 0600)) & ~mode_t{022};
    }
    const fs::path target = directory / relative;
    fs::create_directories(is_directory ? target : target.parent_path(), ec);
    if (ec) {
      *error = "cannot create " + target.string() + ": " + ec.message();
      return ZipProblem::kStorage;
    }
    if (is_directory) continue;
    ZipProblem problem = ZipProblem::kNone;
    if (!WriteEntry(archive.get(), index, target, mode, &budget, &problem)) {
      *error = problem == ZipProblem::kTooLarge ? "unzipped size over the limit" : "cannot extract " + relative.string();
      return problem;
    }
  }
  return ZipProblem::kNone;
}

}  // namespace eddy::registry
