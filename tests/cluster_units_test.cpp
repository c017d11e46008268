// @brief The systemd units of deploy/systemd/ pass `systemd-analyze verify` with nothing
// to say, and the cluster's nginx configuration passes `nginx -t`.
//
// verify checks that every ExecStart= program exists, so the units are checked as
// installed on a machine: copies whose /usr/local/bin/kindred-* paths name the programs
// just built (the only change), beside the real /usr/bin/xapian-replicate*.
#include <filesystem>
#include <regex>

#include <catch2/catch.hpp>

#include "tests/test_support.h"

using namespace kindred;

namespace {

std::string rewritten(const std::string& unit) {
  std::string text = test::slurp(test::source_path("deploy/systemd/" + unit));
  text = std::regex_replace(text, std::regex("/usr/local/bin/kindred-serve"), test::binary_path("server/kindred-serve"));
  text = std::regex_replace(text, std::regex("/usr/local/bin/kindred-index"), test::binary_path("indexer/kindred-index"));
  return text;
}

}  // namespace

TEST_CASE("cluster: systemd-analyze verify passes on every unit of deploy/systemd", "[cluster][units]") {
  test::TempDir dir;
  size_t units = 0;
  for (const auto& entry : std::filesystem::directory_iterator(test::source_path("deploy/systemd"))) {
    std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".service" && entry.path().extension() != ".timer") continue;
    test::write_file(dir.file(name), rewritten(name));
    ++units;
  }
  CHECK(units == 6);
  // Templates are verified as instances.
  std::string names;
  for (const char* u : {"kindred-primary.service", "kindred-replica@8081.service", "kindred-replicate@8081.service",
                        "kindred-replication.service", "kindred-feeds.service", "kindred-feeds.timer"}) {
    names += std::string(" ") + u;
  }
  auto r = test::run_command("cd " + dir.path() + " && systemd-analyze verify" + names + " 2>&1");
  INFO(r.output);
  CHECK(r.exit_code == 0);
  CHECK(r.output.empty());  // warnings (an unknown key, say) count too

  // And it would have said so: a unit whose program is missing fails.
  std::string broken = rewritten("kindred-primary.service");
  broken = std::regex_replace(broken, std::regex(test::binary_path("server/kindred-serve")), dir.file("missing-serve"));
  test::write_file(dir.file("kindred-primary.service"), broken);
  CHECK(test::run_command("cd " + dir.path() + " && systemd-analyze verify kindred-primary.service 2>&1").exit_code != 0);
}

TEST_CASE("cluster: the loopback nginx configuration of the drill passes nginx -t", "[cluster][nginx]") {
  test::TempDir dir;
  auto conf = test::run_command(test::source_path("scripts/cluster-nginx-conf") + " " + dir.path() +
                                " 18080 18090 18091 18092 > " + dir.file("nginx.conf"));
  REQUIRE(conf.exit_code == 0);
  auto r = test::run_command("nginx -t -p " + dir.path() + " -c " + dir.file("nginx.conf") + " 2>&1");
  INFO(r.output);
  CHECK(r.exit_code == 0);
}
