// @brief The backup and restore commands (see admin_backup.h).
#include "indexer/admin_backup.h"

#include <filesystem>
#include <iostream>
#include <sstream>

#include "core/base/atomic_file.h"
#include "core/base/utc_time.h"
#include "core/index/index_backup.h"
#include "core/store/store.h"
#include "core/store/store_backup.h"

namespace kindred {
namespace {

namespace fs = std::filesystem;

constexpr const char* kManifest = "backup.json";

int fail(const std::string& message) {
  std::cerr << "kindred-admin: " << message << "\n";
  return 1;
}

}  // namespace

int admin_backup(const std::string& store_path, const std::string& index_path, const std::string& dir) {
  std::error_code ec;
  if (fs::exists(dir, ec) && !fs::is_empty(dir, ec)) return fail(dir + ": not empty; a backup goes into a new directory");
  fs::create_directories(dir, ec);
  if (ec) return fail(dir + ": " + ec.message());
  auto index = backup_index(index_path, dir + "/index");
  if (!index) return fail(index.error().message);
  if (Status s = backup_store(store_path, dir + "/kindred.db"); !s) return fail(s.error().message);
  auto store = Store::open(dir + "/kindred.db");
  if (!store) return fail(store.error().message);
  auto audit = (*store)->audit_log(0, 1u << 30);
  if (!audit) return fail(audit.error().message);
  std::ostringstream manifest;
  manifest << "{\"format\":\"kindred-backup/1\",\"taken_at\":\"" << utc_rfc3339(std::chrono::system_clock::now())
           << "\",\"index_documents\":" << index->documents << ",\"index_revision\":" << index->revision
           << ",\"audit_entries\":" << audit->size() << "}\n";
  if (Status s = write_file_atomically(dir + "/" + kManifest, manifest.str()); !s) return fail(s.error().message);
  std::cout << "backed up " << store_path << " and " << index_path << " (" << index->documents << " documents, revision "
            << index->revision << ", " << audit->size() << " audit entries) into " << dir << "\n";
  return 0;
}

int admin_restore(const std::string& store_path, const std::string& index_path, const std::string& dir) {
  std::error_code ec;
  if (!fs::exists(dir + "/" + kManifest, ec)) {
    return fail(dir + ": no " + kManifest + " (not a backup, or an unfinished one)");
  }
  if (fs::exists(store_path, ec)) return fail(store_path + ": already exists; a restore never overwrites a store");
  if (fs::exists(index_path, ec)) return fail(index_path + ": already exists; a restore never overwrites an index");
  if (fs::path(store_path).has_parent_path()) fs::create_directories(fs::path(store_path).parent_path(), ec);
  auto index = restore_index(dir + "/index", index_path);
  if (!index) return fail(index.error().message);
  if (Status s = restore_store(dir + "/kindred.db", store_path); !s) return fail(s.error().message);
  std::cout << "restored " << store_path << " and " << index_path << " (" << index->documents
            << " documents) from " << dir << "\n";
  return 0;
}

}  // namespace kindred
