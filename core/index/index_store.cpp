// @brief Generation directories, the stub-file swap, and the build lock.
#include "core/index/index_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace kindred {
namespace {

namespace fs = std::filesystem;

Status sync_path(const std::string& path, int flags) {
  int fd = ::open(path.c_str(), flags);
  if (fd < 0) return make_error(ErrorCode::kIo, path + ": " + std::strerror(errno));
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return make_error(ErrorCode::kIo, path + ": fsync: " + std::strerror(err));
  return Ok{};
}

}  // namespace

IndexStore::IndexStore(std::string index_path) : path_(std::move(index_path)) {
  while (path_.size() > 1 && path_.back() == '/') path_.pop_back();
}

IndexStore::~IndexStore() {
  if (lock_fd_ >= 0) ::close(lock_fd_);  // releases the flock
}

std::string IndexStore::gens_dir() const { return path_ + ".gens"; }

Status IndexStore::lock() {
  std::string lock_path = path_ + ".lock";
  lock_fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd_ < 0) return make_error(ErrorCode::kIo, lock_path + ": " + std::strerror(errno));
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    return make_error(ErrorCode::kInvalidArgument,
                      path_ + ": another build is running (lock held on " + lock_path + ")");
  }
  return Ok{};
}

std::string IndexStore::stub_file(const std::string& index_path) {
  std::error_code ec;
  if (fs::is_directory(index_path, ec)) return index_path + "/XAPIANDB";
  return index_path;
}

std::string IndexStore::current_generation() const {
  // A replica's stub (written by xapian-replicate) starts with '#' comment lines.
  std::string stub_path = stub_file(path_);
  std::ifstream stub(stub_path);
  std::string line;
  while (std::getline(stub, line)) {
    std::istringstream words(line);
    std::string kind, rel;
    if (!(words >> kind) || kind[0] == '#') continue;
    if (!(words >> rel)) return "";
    return (fs::path(stub_path).parent_path() / rel).lexically_normal().string();
  }
  return "";
}

Expected<std::string> IndexStore::new_generation() {
  std::error_code ec;
  if (fs::is_directory(path_, ec)) {
    return make_error(ErrorCode::kInvalidArgument,
                      path_ + " is a directory, not a Kindred index (a stub file); choose another --out");
  }
  fs::create_directories(gens_dir(), ec);
  if (ec) return make_error(ErrorCode::kIo, gens_dir() + ": " + ec.message());
  // Generations left behind by builds that died before publishing are garbage.
  std::string current = current_generation();
  for (const auto& entry : fs::directory_iterator(gens_dir(), ec)) {
    if (entry.path().lexically_normal().string() != current) fs::remove_all(entry.path(), ec);
  }
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(
                 std::chrono::system_clock::now().time_since_epoch())
                 .count();
  std::string gen = gens_dir() + "/gen-" + std::to_string(now) + "-" + std::to_string(::getpid());
  fs::create_directory(gen, ec);
  if (ec) return make_error(ErrorCode::kIo, gen + ": " + ec.message());
  return gen;
}

Status IndexStore::publish(const std::string& generation) {
  std::string previous = current_generation();
  fs::path stub(path_);
  std::string rel = (fs::path(gens_dir()).filename() / fs::path(generation).filename()).string();
  std::string tmp = path_ + ".tmp-" + std::to_string(::getpid());
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << "auto " << rel << "\n";
    out.flush();
    if (!out) return make_error(ErrorCode::kIo, tmp + ": write failed");
  }
  // Durable before visible: the stub's bytes, then the rename, then the directory entry.
  if (Status s = sync_path(tmp, O_RDONLY); !s) return s;
  if (::rename(tmp.c_str(), path_.c_str()) != 0) {
    int err = errno;
    ::unlink(tmp.c_str());
    return make_error(ErrorCode::kIo, path_ + ": rename: " + std::strerror(err));
  }
  std::string dir = stub.parent_path().empty() ? "." : stub.parent_path().string();
  if (Status s = sync_path(dir, O_RDONLY | O_DIRECTORY); !s) return s;

  std::error_code ec;
  std::string keep_new = fs::path(generation).lexically_normal().string();
  for (const auto& entry : fs::directory_iterator(gens_dir(), ec)) {
    std::string p = entry.path().lexically_normal().string();
    if (p != keep_new && p != previous) fs::remove_all(entry.path(), ec);
  }
  return Ok{};
}

IndexStore::WriteLock::~WriteLock() {
  if (fd_ >= 0) ::close(fd_);
}

Expected<IndexStore::WriteLock> IndexStore::lock_writes(const std::string& index_path) {
  std::string lock_path = index_path + ".write.lock";
  int fd = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return make_error(ErrorCode::kIo, lock_path + ": " + std::strerror(errno));
  while (::flock(fd, LOCK_EX) != 0) {
    if (errno == EINTR) continue;
    int err = errno;
    ::close(fd);
    return make_error(ErrorCode::kIo, lock_path + ": " + std::strerror(err));
  }
  return WriteLock(fd);
}

Expected<Xapian::Database> IndexStore::open(const std::string& index_path) {
  std::error_code ec;
  if (!fs::exists(index_path, ec)) {
    return make_error(ErrorCode::kNotFound, index_path + ": no index here (run kindred-index build)");
  }
  try {
    return Xapian::Database(index_path);
  } catch (const Xapian::Error& e) {
    return make_error(ErrorCode::kCorrupt, index_path + ": " + e.get_description());
  }
}

}  // namespace kindred
