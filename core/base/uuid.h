// @brief Stable name-based UUIDs (RFC 4122 version 5, SHA-1) for exports whose formats
// want UUIDs (HSDS): the same listing always gets the same id, so a referral system can
// update rather than duplicate.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace kindred {

// SHA-1 of `data` (FIPS 180-4). Used only for name-based UUIDs, never for security.
std::array<uint8_t, 20> sha1(std::string_view data);

// The version-5 UUID of `name` in Kindred's own namespace, lower-case hex with hyphens:
// "kindred:service:nami" -> "xxxxxxxx-xxxx-5xxx-yxxx-xxxxxxxxxxxx".
std::string kindred_uuid(std::string_view name);

}  // namespace kindred
