// @brief The page's files held in memory as they are sent: the bytes, their gzip and
// Brotli forms, and a strong ETag for each. A file is read and compressed on its first
// request, then again only when its size, inode or modification time changes, so no
// request pays for compression after the first and an edited web/ is picked up without
// a restart. web/ holds a few small files; everything requested stays cached.
// Thread safety: get() may run on any thread; an entry, once returned, never changes.
#pragma once

#include <sys/types.h>

#include <ctime>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace kindred::http {

struct EncodedFile {
  struct Form {
    std::string bytes;
    std::string etag;  // "\"<128 bits of the SHA-256 of bytes, hex>\"": differs per form
  };
  Form identity;
  Form gzip;    // empty bytes when not compressible or not smaller than identity
  Form brotli;  // likewise
};

class StaticCache {
 public:
  // The file at `real_path` (already confined by the caller); `compressible` asks for the
  // gzip and Brotli forms. nullptr when it cannot be read.
  std::shared_ptr<const EncodedFile> get(const std::string& real_path, bool compressible);

 private:
  struct Entry {
    off_t size = 0;
    ino_t inode = 0;
    timespec mtime{};
    std::shared_ptr<const EncodedFile> file;
  };
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace kindred::http
