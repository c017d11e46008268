// @brief The check-links command (see link_check_cmd.h).
#include "indexer/link_check_cmd.h"

#include <chrono>
#include <iostream>
#include <string>

#include "core/base/atomic_file.h"
#include "core/base/utc_time.h"
#include "core/index/index_dump.h"
#include "indexer/feeds.h"
#include "indexer/link_check.h"

namespace kindred::links {

int run_check_links_command(int argc, char** argv) {
  std::string index, out;
  fetch::FetchOptions options;
  options.parallel = 8;
  options.per_host_delay_ms = 1000;
  options.total_timeout_ms = 15000;
  options.retries = 1;
  for (int i = 2; i < argc; ++i) {
    std::string a = argv[i];
    bool ok = i + 1 < argc;
    std::string v = ok ? argv[++i] : "";
    try {
      if (a == "--index") index = v;
      else if (a == "--out") out = v;
      else if (a == "--parallel") options.parallel = std::stoul(v);
      else if (a == "--delay-ms") options.per_host_delay_ms = std::stol(v);
      else if (a == "--timeout-ms") options.total_timeout_ms = std::stol(v);
      else ok = false;
    } catch (const std::exception&) {
      ok = false;
    }
    if (!ok) {
      std::cerr << "usage: kindred-index check-links --index INDEX --out FILE [--parallel N] [--delay-ms N] "
                   "[--timeout-ms N]\n";
      return 1;
    }
  }
  if (index.empty() || out.empty()) {
    std::cerr << "kindred-index check-links: --index INDEX and --out FILE are required\n";
    return 1;
  }
  auto docs = stored_documents(index);
  if (!docs) {
    std::cerr << "kindred-index: " << docs.error().message << "\n";
    return 1;
  }
  std::vector<LinkToCheck> links = links_of(*docs);
  std::vector<LinkVerdict> verdicts = check_links(links, options);
  size_t bad = 0;
  for (const auto& v : verdicts) {
    if (v.status == "ok") continue;
    ++bad;
    std::cerr << v.link.listing_id << ": " << v.link.field << " " << v.link.url << ": " << v.status << " ("
              << v.detail << ")\n";
  }
  std::string json = link_status_json(verdicts, utc_rfc3339(std::chrono::system_clock::now()));
  if (Status s = write_file_atomically(out, json + "\n"); !s) {
    std::cerr << "kindred-index: " << s.error().message << "\n";
    return 1;
  }
  std::cout << "checked " << verdicts.size() << " links of " << docs->size() << " listings: " << bad
            << " not ok; written to " << out << "\n";
  return bad ? 2 : 0;
}

}  // namespace kindred::links
