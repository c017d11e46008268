// @brief A read replica through real parts: the fixture primary (kindred-serve --store),
// Xapian's xapian-replicate-server and xapian-replicate, and kindred-serve --replica-of on
// the copy. Approvals are visible on the replica within 2 s, writes are refused naming the
// primary, and a full rebuild on the primary reaches the replica whole.
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <iostream>

#include <catch2/catch.hpp>
#include <xapian.h>

#include "core/base/json_util.h"
#include "core/index/index_store.h"
#include "server/ready_notify.h"
#include "tests/cluster_support.h"
#include "tests/store_support.h"

using namespace kindred;
using namespace std::chrono_literals;
using test::ServeProcess;

namespace {

const char* kPrimary = "http://primary.kindred.test:8080";

int64_t total_for(uint16_t port, const std::string& q) {
  auto r = test::http_get(port, "/api/v1/search?q=" + q);
  rapidjson::Document d;
  if (r.status != 200 || !parse_json(r.body, d).ok()) return -1;
  return d["total"].GetInt64();
}

// Searches the server at `port` has answered with 2xx, from its /metrics.
uint64_t searches_answered(uint16_t port) {
  std::string body = test::http_get(port, "/metrics").body;
  const std::string key = "kindred_http_requests_total{route=\"search\",status=\"2xx\"} ";
  auto at = body.find(key);
  return at == std::string::npos ? 0 : std::stoull(body.substr(at + key.size()));
}

std::string uuid_of(const std::string& path) { return Xapian::Database(path).get_uuid(); }

}  // namespace

TEST_CASE("cluster: a replica follows approvals within 2 s, refuses writes naming the primary, switches whole after a rebuild",
          "[cluster]") {
  // The primary's commits keep changesets, so the replica gets increments, not copies.
  test::ScopedEnv changesets("XAPIAN_MAX_CHANGESETS", "100");
  test::StoreFixture f;
  ServeProcess primary(f.index(), f.store_path());
  uint16_t port = test::free_port();
  REQUIRE(port != 0);
  // The replication server's root holds the primary's index as "index" (stub + index.gens).
  test::Daemon server({"xapian-replicate-server", "-I", "127.0.0.1", "-p", std::to_string(port), f.dir.path()},
                      f.dir.file("replicate-server.log"));
  std::string replica_dir = f.dir.file("replica");
  test::Daemon client({"xapian-replicate", "-h", "127.0.0.1", "-p", std::to_string(port), "-m", "index", "-i", "1",
                       "-r", "0", "-t", "10", "-q", replica_dir},
                      f.dir.file("replicate-client.log"));
  struct stat st {};
  auto first_copy = test::wait_until([&] { return ::stat((replica_dir + "/XAPIANDB").c_str(), &st) == 0; }, 30s);
  INFO(test::slurp(f.dir.file("replicate-client.log")) << test::slurp(f.dir.file("replicate-server.log")));
  REQUIRE(first_copy <= 30s);
  // The replica's stub is Xapian's own (comment lines, then "auto replica_N").
  CHECK(IndexStore(replica_dir).current_generation().find(replica_dir + "/replica_") == 0);

  ServeProcess replica(replica_dir, "", {"--replica-of", kPrimary});
  CHECK(replica.output().find("read replica of " + std::string(kPrimary)) != std::string::npos);
  CHECK(test::http_get(replica.port(), "/healthz").body == test::http_get(primary.port(), "/healthz").body);

  SECTION("writes and the store's routes get 421 naming the primary; reads are served") {
    auto post = test::http_send(replica.port(), "POST", "/api/v1/submissions", test::new_college_listing("fixture-r-x", "zz"),
                                {test::bearer(f.college)});
    CHECK(post.status == 421);
    CHECK(post.body.find("read replica") != std::string::npos);
    CHECK(post.body.find(kPrimary) != std::string::npos);
    CHECK(test::http_get(replica.port(), "/api/v1/me").status == 421);
    CHECK(test::http_get(replica.port(), "/suggest").status == 421);
    CHECK(test::http_send(replica.port(), "DELETE", "/api/v1/search", "").status == 421);
    CHECK(test::http_get(replica.port(), "/api/v1/search?q=recovery").status == 200);
    CHECK(test::http_get(replica.port(), "/api/v1/listings/fixture-calgary-recovery-college").status == 200);
    CHECK(test::http_get(replica.port(), "/api/v1/places?q=Calgary").status == 200);
    CHECK(test::http_get(replica.port(), "/api/v1/export/csv").status == 200);
    CHECK(test::http_get(replica.port(), "/").status == 200);
    // The primary itself still takes writes on the same route (this one lacks "listing").
    CHECK(test::http_send(primary.port(), "POST", "/api/v1/submissions", "{}", {test::bearer(f.college)}).status == 400);
  }

  SECTION("through nginx (deploy/cluster/kindred-locations.conf): reads to the replica, writes to the primary, a dead replica skipped") {
    uint16_t front = test::free_port();
    auto conf = test::run_command(test::source_path("scripts/cluster-nginx-conf") + " " + f.dir.path() + " " +
                                  std::to_string(front) + " " + std::to_string(primary.port()) + " " +
                                  std::to_string(replica.port()) + " > " + f.dir.file("nginx.conf"));
    REQUIRE(conf.exit_code == 0);
    test::Daemon nginx({"nginx", "-p", f.dir.path(), "-c", f.dir.file("nginx.conf"), "-g", "daemon off;"},
                       f.dir.file("nginx.log"));
    INFO(test::slurp(f.dir.file("nginx.log")));
    REQUIRE(test::wait_until([&] { return test::http_get(front, "/healthz").status == 200; }, 10s) <= 10s);
    uint64_t before = searches_answered(replica.port());
    for (int i = 0; i < 5; ++i) CHECK(test::http_get(front, "/api/v1/search?q=recovery").status == 200);
    CHECK(searches_answered(replica.port()) == before + 5);  // the primary is only the backup
    auto post = test::http_send(front, "POST", "/api/v1/submissions", test::new_college_listing("fixture-via-nginx", "nginxmarkq"),
                                {test::bearer(f.college)});
    CHECK(post.status == 202);  // the primary took it (a replica would say 421)
    CHECK(test::http_send(front, "GET", "/api/v1/me", "", {test::bearer(f.college)}).status == 200);
    // A replica that dies is skipped: the next (here the primary, as backup) answers.
    replica.stop(SIGKILL);
    for (int i = 0; i < 5; ++i) CHECK(test::http_get(front, "/api/v1/search?q=recovery").status == 200);
  }

  SECTION("approvals are visible on the replica within 2 s, then a rebuild arrives whole") {
    std::chrono::milliseconds worst{0};
    for (int i = 0; i < 4; ++i) {
      std::string mark = "replmark" + std::to_string(i) + "q";
      REQUIRE(test::submit_and_approve(f, primary.port(), "fixture-replicated-" + std::to_string(i), mark));
      auto lag = test::wait_until([&] { return total_for(replica.port(), mark) == 1; }, 10s);
      std::cout << "replica: approval " << i << " visible after " << lag.count() << " ms\n";
      worst = std::max(worst, lag);
    }
    CHECK(worst <= 2s);
    // /metrics says which index each server answers from: the same UUID and revision.
    auto index_lines = [](uint16_t server_port) {
      std::string body = test::http_get(server_port, "/metrics").body, out;
      for (const char* key : {"\nkindred_index_revision ", "\nkindred_index_info{"}) {
        auto at = body.find(key);
        if (at != std::string::npos) out += body.substr(at, body.find('\n', at + 1) - at);
      }
      return out;
    };
    CHECK(index_lines(replica.port()).find("kindred_index_revision ") != std::string::npos);
    CHECK(index_lines(replica.port()) == index_lines(primary.port()));
    std::string before = uuid_of(replica_dir);
    CHECK(before == uuid_of(f.index()));

    // A full rebuild is a new database (a new UUID): the replica gets a full copy into its
    // spare directory and swaps its stub, so it has one or the other, never a mix.
    f.rebuild();
    std::string rebuilt = uuid_of(f.index());
    REQUIRE(rebuilt != before);
    bool inconsistent = false;
    auto switched = test::wait_until(
        [&] {
          // Every answer meanwhile comes from one whole index: each has all four approvals.
          for (int i = 0; i < 4; ++i) inconsistent = inconsistent || total_for(replica.port(), "replmark" + std::to_string(i) + "q") != 1;
          return uuid_of(replica_dir) == rebuilt;
        },
        15s);
    std::cout << "replica: rebuilt index in use after " << switched.count() << " ms\n";
    CHECK(switched <= 15s);
    CHECK_FALSE(inconsistent);
    CHECK(Xapian::Database(replica_dir).get_doccount() == Xapian::Database(f.index()).get_doccount());
    CHECK(test::http_get(replica.port(), "/healthz").body == test::http_get(primary.port(), "/healthz").body);
    // And it keeps following increments on the new generation.
    REQUIRE(test::submit_and_approve(f, primary.port(), "fixture-replicated-after", "replmarkafterq"));
    CHECK(test::wait_until([&] { return total_for(replica.port(), "replmarkafterq") == 1; }, 10s) <= 2s);

    // A second rebuild lands in the directory name the first copy used (replica_0 and
    // replica_1 alternate), now holding another database: searchers that knew the old one
    // under that name must open the new one, not reopen the old.
    std::string second_before = IndexStore(replica_dir).current_generation();
    f.rebuild();
    std::string second = uuid_of(f.index());
    CHECK(test::wait_until([&] { return uuid_of(replica_dir) == second; }, 15s) <= 15s);
    CHECK(IndexStore(replica_dir).current_generation() != second_before);
    for (int i = 0; i < 4; ++i) CHECK(total_for(replica.port(), "replmark" + std::to_string(i) + "q") == 1);
    CHECK(total_for(replica.port(), "replmarkafterq") == 1);
    CHECK(test::http_get(replica.port(), "/healthz").body == test::http_get(primary.port(), "/healthz").body);
  }
}

TEST_CASE("cluster: kindred-serve --replica-of refuses a store or feeds", "[cluster]") {
  auto r = test::run_command(test::binary_path("server/kindred-serve") +
                             " --index x --port 0 --replica-of http://p --store s.db 2>&1");
  CHECK(r.exit_code == 1);
  CHECK(r.output.find("--replica-of cannot take --store or --feeds") != std::string::npos);
}

TEST_CASE("cluster: readiness reaches a systemd-style notify socket", "[cluster]") {
  test::TempDir dir;
  std::string path = dir.file("notify");
  int fd = ::socket(AF_UNIX, SOCK_DGRAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_un addr{};
  addr.sun_family = AF_UNIX;
  std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  REQUIRE(http::notify_ready_to(path));
  char buf[64] = {};
  ssize_t n = ::recv(fd, buf, sizeof buf - 1, MSG_DONTWAIT);
  ::close(fd);
  CHECK(std::string(buf, n > 0 ? static_cast<size_t>(n) : 0).rfind("READY=1", 0) == 0);
  CHECK_FALSE(http::notify_ready_to(dir.file("nobody-listens")));
}
