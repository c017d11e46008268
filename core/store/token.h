// @brief Secrets for API tokens: random generation, hashing for storage, and
// constant-time comparison (OpenSSL's libcrypto).
#pragma once

#include <string>
#include <string_view>

namespace kindred {

// `bytes` random bytes from the system CSPRNG, as lower-case hex. Empty on failure.
std::string random_hex(size_t bytes);

// SHA-256 of `text` as lower-case hex.
std::string sha256_hex(std::string_view text);

// Equal contents, in time that does not depend on where they differ.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace kindred
