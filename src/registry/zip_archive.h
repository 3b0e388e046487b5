// A function's deployment package: the zip Lambda's CreateFunction and
// UpdateFunctionCode take (Code.ZipFile, base64 in the JSON), unpacked
// with libzip (Debian's libzip-dev: the well-kept C library for zip files,
// BSD-licensed).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace eddy::registry {

// Lambda's limit on a package's unzipped size: 250 MB.
inline constexpr uint64_t kMaxUnzippedBytes = 262'144'000;

enum class ZipProblem {
  kNone,
  kNotAZip,       // unreadable, or an entry that escapes the directory
  kTooLarge,      // over kMaxUnzippedBytes unzipped
  kStorage,       // the directory could not be written
};

// Unpacks `zip` into `directory`, which must not exist yet (created here).
// Entry names may not be absolute or contain "..", so a package cannot
// write outside it. Unix permissions recorded in the zip are kept (a custom
// runtime's `bootstrap` must stay executable), less group and other write
// (as unzip under umask 022); files without them get 0644 (0755 for
// directories). On failure *error says why, and the
// directory may hold part of the package: the caller removes it.
ZipProblem ExtractZip(std::string_view zip, const std::filesystem::path& directory, std::string* error);

}  // namespace eddy::registry
