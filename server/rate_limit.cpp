// @brief See rate_limit.h.
#include "server/rate_limit.h"

#include <algorithm>

#include "core/store/token.h"

namespace kindred::http {
namespace {
constexpr size_t kMaxBuckets = 100000;
}

RateLimiter::RateLimiter(double burst, double per_minute)
    : burst_(burst), per_second_(per_minute / 60.0), salt_(random_hex(16)) {}

bool RateLimiter::allow(const std::string& key) {
  auto now = std::chrono::steady_clock::now();
  std::lock_guard<std::mutex> lock(mu_);
  if (buckets_.size() >= kMaxBuckets) {
    // Drop buckets that have refilled completely: they hold no information.
    for (auto it = buckets_.begin(); it != buckets_.end();) {
      double elapsed = std::chrono::duration<double>(now - it->second.at).count();
      it = it->second.tokens + elapsed * per_second_ >= burst_ ? buckets_.erase(it) : std::next(it);
    }
    if (buckets_.size() >= kMaxBuckets) return false;  // under a flood, refuse new keys
  }
  auto [it, fresh] = buckets_.try_emplace(key, Bucket{burst_, now});
  Bucket& b = it->second;
  if (!fresh) {
    double elapsed = std::chrono::duration<double>(now - b.at).count();
    b.tokens = std::min(burst_, b.tokens + elapsed * per_second_);
    b.at = now;
  }
  if (b.tokens < 1.0) return false;
  b.tokens -= 1.0;
  return true;
}

std::string RateLimiter::client_key(const std::string& address) const { return sha256_hex(salt_ + address); }

}  // namespace kindred::http
