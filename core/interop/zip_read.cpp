// @brief ZIP reading (see zip_read.h).
#include "core/interop/zip_read.h"

#include <cstdint>

#include <zlib.h>

namespace kindred {
namespace {

constexpr uint32_t kLocalHeader = 0x04034b50, kCentralHeader = 0x02014b50, kEndOfCentral = 0x06054b50;

uint32_t u16(std::string_view s, size_t at) {
  return static_cast<uint32_t>(static_cast<unsigned char>(s[at])) |
         static_cast<uint32_t>(static_cast<unsigned char>(s[at + 1])) << 8;
}
uint32_t u32(std::string_view s, size_t at) { return u16(s, at) | u16(s, at + 2) << 16; }

Error bad(const std::string& why) { return make_error(ErrorCode::kInvalidArgument, "not a readable ZIP archive: " + why); }

Expected<std::string> inflate_raw(std::string_view data, size_t expected, const std::string& name) {
  std::string out(expected, '\0');
  z_stream z{};
  if (inflateInit2(&z, -MAX_WBITS) != Z_OK) return bad("zlib cannot start");
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
  z.avail_in = static_cast<uInt>(data.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  int rc = inflate(&z, Z_FINISH);
  size_t produced = z.total_out;
  inflateEnd(&z);
  if (rc != Z_STREAM_END || produced != expected) return bad(name + ": its deflated data is damaged or longer than declared");
  return out;
}

}  // namespace

bool looks_like_zip(std::string_view b) { return b.substr(0, 4) == "PK\x03\x04" || b.substr(0, 4) == "PK\x05\x06"; }

Expected<std::map<std::string, std::string>> read_zip(std::string_view s, size_t max_total_bytes) {
  if (s.size() < 22) return bad("too short");
  // The end-of-central-directory record sits in the last 22 + 65535 (comment) bytes.
  size_t eocd = std::string_view::npos;
  for (size_t i = s.size() - 22 + 1; i-- > 0 && s.size() - i <= 22 + 65535;) {
    if (u32(s, i) == kEndOfCentral) {
      eocd = i;
      break;
    }
  }
  if (eocd == std::string_view::npos) return bad("no end of central directory");
  uint32_t entries = u16(s, eocd + 10), dir_size = u32(s, eocd + 12), dir_at = u32(s, eocd + 16);
  if (entries == 0xFFFF || dir_at == 0xFFFFFFFF) return bad("ZIP64 archives are not supported");
  if (static_cast<uint64_t>(dir_at) + dir_size > eocd) return bad("the central directory lies outside the archive");
  std::map<std::string, std::string> out;
  size_t total = 0, at = dir_at;
  for (uint32_t e = 0; e < entries; ++e) {
    if (at + 46 > eocd || u32(s, at) != kCentralHeader) return bad("central directory entry " + std::to_string(e) + " is damaged");
    uint32_t flags = u16(s, at + 8), method = u16(s, at + 10), crc = u32(s, at + 16);
    uint32_t packed = u32(s, at + 20), size = u32(s, at + 24);
    uint32_t name_len = u16(s, at + 28), extra_len = u16(s, at + 30), comment_len = u16(s, at + 32);
    uint32_t local = u32(s, at + 42);
    if (at + 46 + name_len > eocd) return bad("central directory entry " + std::to_string(e) + " is damaged");
    std::string name(s.substr(at + 46, name_len));
    at += 46 + name_len + extra_len + comment_len;
    if (name.empty() || name.back() == '/' || name.rfind("__MACOSX/", 0) == 0) continue;
    if (flags & 1) return bad(name + " is encrypted");
    if (packed == 0xFFFFFFFF || size == 0xFFFFFFFF) return bad("ZIP64 archives are not supported");
    if (method != 0 && method != 8) return bad(name + " uses compression method " + std::to_string(method) + " (only stored and deflate are read)");
    total += size;
    if (total > max_total_bytes) return bad("more than " + std::to_string(max_total_bytes) + " bytes unpacked");
    if (static_cast<uint64_t>(local) + 30 > s.size() || u32(s, local) != kLocalHeader) return bad(name + ": no local header");
    uint64_t data_at = static_cast<uint64_t>(local) + 30 + u16(s, local + 26) + u16(s, local + 28);
    if (data_at + packed > s.size()) return bad(name + ": its data lies outside the archive");
    std::string_view data = s.substr(static_cast<size_t>(data_at), packed);
    std::string bytes;
    if (method == 0) {
      if (packed != size) return bad(name + ": stored sizes disagree");
      bytes = std::string(data);
    } else {
      auto inflated = inflate_raw(data, size, name);
      if (!inflated) return inflated.error();
      bytes = std::move(*inflated);
    }
    if (static_cast<uint32_t>(crc32(0L, reinterpret_cast<const Bytef*>(bytes.data()), static_cast<uInt>(bytes.size()))) != crc) {
      return bad(name + ": CRC does not match");
    }
    out[name] = std::move(bytes);
  }
  return out;
}

}  // namespace kindred
