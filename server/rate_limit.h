// @brief Token buckets per key (a principal, or a client's address hashed with a
// per-process secret so the table never holds an address in the clear).
//
// Thread-safe. Memory is bounded: idle buckets are dropped when the table grows.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace kindred::http {

class RateLimiter {
 public:
  // `burst` attempts at once, refilled at `per_minute`.
  RateLimiter(double burst, double per_minute);

  // True if the key may go on (and takes one token).
  bool allow(const std::string& key);

  // A key for a client address that reveals nothing if the table were dumped.
  std::string client_key(const std::string& address) const;

 private:
  struct Bucket {
    double tokens;
    std::chrono::steady_clock::time_point at;
  };
  double burst_, per_second_;
  std::string salt_;
  std::mutex mu_;
  std::unordered_map<std::string, Bucket> buckets_;
};

}  // namespace kindred::http
