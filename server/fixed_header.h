// @brief A response header with a fixed name and value. Pistache 0.0.5 sends only typed
// headers (ones added with addRaw are dropped), so every header it has no class for goes
// out through this one. Pistache never inspects it, so a plain name/value is safe.
#pragma once

#include <ostream>
#include <string>

#include <pistache/http_header.h>

namespace kindred::http {

class FixedHeader : public Pistache::Http::Header::Header {
 public:
  FixedHeader(const char* name, std::string value) : name_(name), value_(std::move(value)) {}
  const char* name() const override { return name_; }
  void write(std::ostream& os) const override { os << value_; }
#ifdef SAFE_HEADER_CAST
  uint64_t hash() const override { return Pistache::Http::Header::detail::hash(name_); }
#endif

 private:
  const char* name_;
  std::string value_;
};

}  // namespace kindred::http
