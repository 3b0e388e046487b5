// Base64url without padding (RFC 4648 section 5): the alphabet of shard
// iterators, which clients pass around in JSON and URLs.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace eddy::streams {

std::string Base64UrlEncode(std::string_view bytes);
// Nullopt for characters outside the alphabet or an impossible length.
std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace eddy::streams
