// @brief Static files read and compressed once (see static_cache.h).
#include "server/static_cache.h"

#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "core/store/token.h"
#include "server/compress.h"

namespace kindred::http {
namespace {

EncodedFile::Form form(std::string bytes) {
  EncodedFile::Form f;
  // 128 bits of SHA-256: a strong validator that changes with every byte of the form.
  f.etag = "\"" + sha256_hex(bytes).substr(0, 32) + "\"";
  f.bytes = std::move(bytes);
  return f;
}

// Only kept when it saves something: a tiny file can grow when compressed.
EncodedFile::Form smaller_form(std::string compressed, size_t original) {
  if (compressed.empty() || compressed.size() >= original) return {};
  return form(std::move(compressed));
}

}  // namespace

std::shared_ptr<const EncodedFile> StaticCache::get(const std::string& real_path, bool compressible) {
  struct stat st {};
  if (::stat(real_path.c_str(), &st) != 0) return nullptr;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = entries_.find(real_path);
    if (it != entries_.end() && it->second.size == st.st_size && it->second.inode == st.st_ino &&
        it->second.mtime.tv_sec == st.st_mtim.tv_sec && it->second.mtime.tv_nsec == st.st_mtim.tv_nsec) {
      return it->second.file;
    }
  }
  // Read and compress outside the lock; two first requests at once both compress, and
  // either result is the same.
  std::ifstream in(real_path, std::ios::binary);
  if (!in) return nullptr;
  std::ostringstream buf;
  buf << in.rdbuf();
  if (!in && !in.eof()) return nullptr;
  auto file = std::make_shared<EncodedFile>();
  std::string bytes = buf.str();
  if (compressible) {
    file->gzip = smaller_form(gzip_compress(bytes), bytes.size());
    file->brotli = smaller_form(brotli_compress(bytes), bytes.size());
  }
  file->identity = form(std::move(bytes));
  std::lock_guard<std::mutex> lock(mu_);
  Entry& e = entries_[real_path];
  e.size = st.st_size;
  e.inode = st.st_ino;
  e.mtime = st.st_mtim;
  e.file = std::move(file);
  return e.file;
}

}  // namespace kindred::http
