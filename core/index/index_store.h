// @brief Where an index lives on disk and how a new one replaces the old atomically.
//
// An index path names a Xapian stub file ("auto <name>.gens/<generation>"). A build
// writes a complete database into a new generation directory, commits it, then renames
// a new stub over the old one. A reader opening the path sees either the old or the new
// database, never a half-built one; a build killed at any point leaves the old stub, and
// so the old index, untouched. Xapian opens stub files itself.
#pragma once

#include <string>

#include <xapian.h>

#include "core/base/error.h"

namespace kindred {

class IndexStore {
 public:
  explicit IndexStore(std::string index_path);
  ~IndexStore();
  IndexStore(const IndexStore&) = delete;
  IndexStore& operator=(const IndexStore&) = delete;

  // Takes the build lock (<index>.lock); kInvalidArgument if another build holds it.
  // The lock is released when the process exits, however it exits.
  Status lock();

  // A fresh, empty generation directory for a new database (removes generations left
  // by earlier builds that never finished).
  Expected<std::string> new_generation();

  // Atomically makes `generation` the live index, then removes generations older than
  // the one it replaced (that one stays, for readers that still have it open).
  Status publish(const std::string& generation);

  // The generation directory the stub currently names; empty if there is no index yet.
  // The path may also be a directory holding a stub named XAPIANDB: that is how a replica
  // made by xapian-replicate looks (docs/operations.md, "Several machines").
  std::string current_generation() const;

  // The stub file of an index path: the path itself, or <path>/XAPIANDB for a directory.
  static std::string stub_file(const std::string& index_path);

  const std::string& path() const { return path_; }

  // Serialises everything that writes to a live generation (incremental updates from the
  // store, core/moderation/index_update.h) with a build's final catch-up and publish, so that an
  // update lands either in the old generation before the build catches up, or in the new
  // one after it is published: never in a generation that is about to be replaced.
  // Blocks until the lock (<index>.write.lock) is free; released by the destructor.
  class WriteLock {
   public:
    WriteLock(WriteLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
    WriteLock& operator=(WriteLock&&) = delete;
    WriteLock(const WriteLock&) = delete;
    ~WriteLock();

   private:
    friend class IndexStore;
    explicit WriteLock(int fd) : fd_(fd) {}
    int fd_;
  };
  static Expected<WriteLock> lock_writes(const std::string& index_path);

  // Opens the live index for reading. kNotFound if there is none.
  static Expected<Xapian::Database> open(const std::string& index_path);

 private:
  std::string gens_dir() const;
  std::string path_;
  int lock_fd_ = -1;
};

}  // namespace kindred
