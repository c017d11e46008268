// @brief kindred-serve under stress, through a real socket: random garbage that must
// never reach a 5xx, concurrent clients over the searcher pool, many clients at once
// getting whole answers on kept-alive connections, an answer larger than the socket takes
// followed by the next one, a rebuild of the index seen without a restart, and the real
// binary stopping cleanly on SIGTERM.
#include <catch2/catch.hpp>

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <random>
#include <thread>

#include <rapidjson/document.h>

#include "server/fatal_signal.h"
#include "tests/search_support.h"
#include "tests/server_support.h"
#include "tests/test_support.h"

using namespace kindred;
using test::get;
using test::HttpResponse;
using test::json;

TEST_CASE("server: random garbage never reaches a 5xx", "[server][fuzz]") {
  std::mt19937 rng(1122);
  auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  const std::vector<std::string> routes = {"/api/v1/search", "/api/v1/places", "/api/v1/listings/fixture-moscow-bipolar-group",
                                           "/api/v1/listings/fixture-moscow-bipolar-group.ics", "/api/v1/listings/x",
                                           "/api/v1/vocabulary", "/healthz", "/metrics", "/", "/api/v1/listings/"};
  const std::vector<std::string> names = {"q",        "near",   "lat",         "lon",       "radius_km", "sort",
                                          "page",     "per_page", "kind",      "topic",     "community", "attendance",
                                          "language", "cost",   "facilitation", "region",   "day",       "time_of_day",
                                          "limit",    "colour", "Q",           "q%5B%5D",   "%71",       "%ff", ""};
  const std::vector<std::string> values = {"", "-", "--", "-1", "0", "1", "1e309", "NaN", "inf", "%20%20",
                                           "99999999999999999999", "-bipolar", "bipolar", "US-ID", "us-id", "fr-CA",
                                           "xx-YY-ZZ", "support-group", "%ff", "%", "%%", "%2", "%c0%af", "%ed%a0%80",
                                           "caf%C3%A9", "AND", "%22", "((((", "*", "83843", "Moscow%2C+ID", "46.7",
                                           "-117", "distance", "next", "relevance", std::string(600, 'a'), "%00", "+",
                                           "%2B", "a%26b%3Dc", "-%ff", "0.0000001", "1000", "1000.0001", "-0"};
  auto random_bytes = [&](size_t max) {
    std::string s;
    size_t n = rng() % max;
    for (size_t i = 0; i < n; ++i) s += static_cast<char>(rng() % 256);
    return s;
  };
  test::HttpClient client;
  const uint16_t port = test::fixture_server().port();
  int raw_sent = 0;
  for (int i = 0; i < 300; ++i) {
    std::string target;
    switch (i % 3) {
      case 0: {  // random bytes as a query string, with real separators now and then
        std::string q;
        size_t pairs = 1 + rng() % 4;
        for (size_t k = 0; k < pairs; ++k) {
          if (k) q += '&';
          q += (rng() % 2 ? pick(names) : test::url_encode(random_bytes(12))) + "=" + test::url_encode(random_bytes(40));
        }
        target = pick(routes) + "?" + q;
        break;
      }
      case 1: {  // valid-looking but wrong parameters
        std::string q;
        size_t pairs = 1 + rng() % 5;
        for (size_t k = 0; k < pairs; ++k) q += (k ? "&" : "") + pick(names) + "=" + pick(values);
        target = pick(routes) + "?" + q;
        break;
      }
      default: {  // random paths
        const std::vector<std::string> pieces = {"..", "%2e%2e", "%2f", "/", "//", "api", "v1", "listings", "search",
                                                 "index.html", "%00", "%5c", ".ics", "~", "%ff"};
        target = "/";
        size_t n = rng() % 6;
        for (size_t k = 0; k < n; ++k) target += rng() % 2 ? pick(pieces) : test::url_encode(random_bytes(10));
        break;
      }
    }
    long status;
    if (i % 10 == 9) {
      // Raw bytes in the request line itself (no CR or LF: those end the line).
      std::string raw = "/" + random_bytes(60);
      raw.erase(std::remove_if(raw.begin(), raw.end(), [](char c) { return c == '\r' || c == '\n'; }), raw.end());
      target = raw;
      status = test::raw_request_status(port, "GET " + raw + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      ++raw_sent;
    } else {
      HttpResponse r = client.request(port, target);
      status = r.status;
      if (status == 0) {  // curl refused the URL: send it ourselves
        status = test::raw_request_status(port, "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
      } else if (status >= 400 && r.header("content-type").rfind("application/json", 0) == 0) {
        rapidjson::Document d;
        d.Parse(r.body.data(), r.body.size());
        CHECK_FALSE(d.HasParseError());  // every refusal is valid JSON
      }
    }
    INFO(i << ": " << test::url_encode(target).substr(0, 400) << " -> " << status);
    CHECK(status >= 200);
    CHECK(status < 500);
  }
  CHECK(raw_sent == 30);
  HttpResponse health = get("/healthz");
  CHECK(health.status == 200);
  CHECK(json(health)["listings"].GetUint64() == test::kFixtureFindable);
}

TEST_CASE("server: concurrent clients share one index through the searcher pool", "[server]") {
  struct Expect { std::string target; uint64_t total; };
  const std::vector<Expect> expects = {{"/api/v1/search?q=bipolar", 1},
                                       {"/api/v1/search?near=83843", 4},
                                       {"/api/v1/search?topic=bipolar&topic=bfrb", 2},
                                       {"/api/v1/search?sort=next&per_page=2", test::kFixtureFindable},
                                       {"/api/v1/search?kind=support-group&attendance=online", 2}};
  const uint16_t port = test::fixture_server().port();
  std::atomic<int> failures{0}, done{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      test::HttpClient client;  // Catch2 assertions are not thread-safe: count instead
      for (int i = 0; i < 30; ++i) {
        const Expect& e = expects[static_cast<size_t>(t + i) % expects.size()];
        HttpResponse r = client.request(port, e.target);
        rapidjson::Document d;
        d.Parse(r.body.data(), r.body.size());
        bool ok = r.status == 200 && !d.HasParseError() && d.IsObject() && d.HasMember("total") &&
                  d["total"].GetUint64() == e.total;
        if (!ok) ++failures;
        ++done;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(done == 240);
  CHECK(failures == 0);
}

// The server writes each answer -- status line, headers and body -- as one buffer of its
// own (http_server.cpp, issue 16). Many clients at once, each on one kept-alive
// connection, must get every answer whole: the bytes a single client gets alone, with a
// Content-Length that is the body's, and no answer running into the next one.
TEST_CASE("server: many clients at once get whole answers on kept-alive connections", "[server]") {
  const std::vector<std::string> targets = {"/api/v1/search?per_page=100", "/api/v1/search.csv",
                                            "/api/v1/vocabulary",          "/healthz",
                                            "/api/v1/search?q=bipolar",    "/api/v1/no-such-route",
                                            "/api/v1/search?page=0"};
  const uint16_t port = test::fixture_server().port();
  std::vector<HttpResponse> alone;
  for (const auto& t : targets) {
    alone.push_back(test::http_get(port, t));
    INFO(t);
    CHECK(alone.back().status != 0);
    CHECK(alone.back().header("content-length") == std::to_string(alone.back().body.size()));
  }
  CHECK(alone[0].body.size() > 10000);  // larger than one small write
  CHECK(alone[5].status == 404);
  CHECK(alone[6].status == 400);
  constexpr int kClients = 8, kEach = 35;
  std::atomic<int> wrong{0}, done{0};
  std::atomic<long> connections{0};
  std::vector<std::thread> threads;
  for (int c = 0; c < kClients; ++c) {
    threads.emplace_back([&, c] {
      test::HttpClient client;  // one connection, kept alive; Catch2 is not thread-safe: count
      for (int i = 0; i < kEach; ++i) {
        size_t k = static_cast<size_t>(c * 3 + i) % targets.size();
        HttpResponse r = client.request(port, targets[k]);
        if (r.status != alone[k].status || r.body != alone[k].body ||
            r.header("content-length") != std::to_string(r.body.size()) || r.header("connection") != "Keep-Alive") {
          ++wrong;
        }
        if (r.new_connections > 0) connections += r.new_connections;
        ++done;
      }
    });
  }
  for (auto& th : threads) th.join();
  CHECK(done == kClients * kEach);
  CHECK(wrong == 0);
  CHECK(connections == kClients);  // each client's one connection served all its requests
}

// Answers are written straight to the socket when it takes them (server/http_server.cpp,
// put_on_wire); what it does not take waits in Pistache's write queue, and a later answer
// on the same connection must queue behind it, never slip into the middle. A client with a
// small receive buffer that stops reading makes the socket full; it then asks again as it
// starts reading, so the server finds room in the socket while the first answer's end
// still waits in the queue. Another client is answered in between, on the same (only)
// worker, so the second answer is not queued merely for following the first (the
// fairness rule in put_on_wire).
TEST_CASE("server: an answer larger than the socket takes arrives whole, and the next one after it", "[server]") {
  test::TempDir tmp;
  const std::string web = tmp.file("web");
  std::filesystem::create_directories(web);
  std::string big;
  for (int i = 0; big.size() < 6u << 20; ++i) big += "line " + std::to_string(i) + " of a large page file\n";
  test::write_file(web + "/big.png", big);  // not a text type: sent as is, never compressed
  test::TestServer server(test::fixture_index(), web, 1);

  for (int round = 0; round < 3; ++round) {
    INFO("round " << round);
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    int small = 4096;
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(server.port());
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    timeval timeout{10, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    auto send_all = [fd](const std::string& bytes) {
      REQUIRE(::send(fd, bytes.data(), bytes.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(bytes.size()));
    };
    send_all("GET /big.png HTTP/1.1\r\nHost: x\r\n\r\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the server fills the socket
    std::string in;
    char buf[65536];
    bool asked_again = false;
    auto complete = [&in](size_t from) -> size_t {  // the end of the response at `from`, or 0
      size_t head_end = in.find("\r\n\r\n", from);
      if (head_end == std::string::npos) return 0;
      size_t length_at = in.find("Content-Length: ", from);
      if (length_at == std::string::npos || length_at > head_end) return 0;
      size_t end = head_end + 4 + std::stoul(in.substr(length_at + 16));
      return in.size() >= end ? end : 0;
    };
    size_t first_end = 0, second_end = 0;
    while (second_end == 0) {
      ssize_t n = ::recv(fd, buf, sizeof buf, 0);
      if (n <= 0) FAIL("the connection ended or stalled after " << in.size() << " bytes");
      in.append(buf, static_cast<size_t>(n));
      if (!asked_again) {
        REQUIRE(test::http_get(server.port(), "/healthz").status == 200);
        send_all("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n");
        asked_again = true;
      }
      if (first_end == 0) first_end = complete(0);
      if (first_end != 0) second_end = complete(first_end);
    }
    ::close(fd);
    REQUIRE(in.compare(0, 15, "HTTP/1.1 200 OK") == 0);
    CHECK(in.substr(in.find("\r\n\r\n") + 4, first_end - in.find("\r\n\r\n") - 4) == big);
    CHECK(in.compare(first_end, 15, "HTTP/1.1 200 OK") == 0);
    CHECK(in.find("\"listings\"", first_end) != std::string::npos);
    CHECK(in.size() == second_end);
  }
}

TEST_CASE("server: a rebuild of the index is served without a restart", "[server]") {
  test::TempDir tmp;
  const std::string data = tmp.file("data"), index = tmp.file("index");
  for (const auto& entry : std::filesystem::directory_iterator(test::source_path("tests/fixtures/listings"))) {
    test::write_file(data + "/" + entry.path().filename().string(), test::slurp(entry.path().string()));
  }
  const std::string build = test::binary_path("indexer/kindred-index") + " build --data " + data + " --out " + index;
  auto first = test::run_command(build);
  INFO(first.output);
  REQUIRE(first.exit_code == 0);

  test::TestServer live(index, test::fixture_web_dir(), 2);
  auto count = [&](const std::string& query) {
    HttpResponse r = live.get("/api/v1/search?" + query);
    REQUIRE(r.status == 200);
    return json(r)["total"].GetUint64();
  };
  CHECK(count("q=zebrafinch") == 0);
  CHECK(json(live.get("/healthz"))["listings"].GetUint64() == test::kFixtureFindable);

  test::write_file(data + "/zebrafinch.json", R"json({
    "id": "fixture-zebrafinch-circle",
    "name": "Zebrafinch Peer Circle (fixture)",
    "kind": "support-group",
    "description": "Synthetic test fixture. Added while the server runs.",
    "organization": {"name": "Fixture Rebuild (synthetic)"},
    "topics": ["anxiety"],
    "attendance": ["online"],
    "languages": ["en"],
    "cost": "free",
    "facilitation": "peer-led",
    "service_area": ["worldwide"],
    "contact": {"url": "https://fixture.example/zebrafinch"},
    "last_verified": "2026-11-01",
    "sources": [{"name": "Synthetic fixture"}]
  })json");
  auto second = test::run_command(build);
  INFO(second.output);
  REQUIRE(second.exit_code == 0);

  CHECK(count("q=zebrafinch") == 1);
  CHECK(json(live.get("/healthz"))["listings"].GetUint64() == test::kFixtureFindable + 1);
  CHECK(live.get("/api/v1/listings/fixture-zebrafinch-circle").status == 200);
  CHECK(count("") == test::kFixtureFindable + 1);
}

namespace {

// The real kindred-serve binary over the fixture index on a free port, its standard output
// and error read through one pipe.
struct ServeBinary {
  pid_t pid = -1;
  int out = -1;
  std::string output;  // everything read so far
  uint16_t port = 0;

  // Starts it and reads up to its first line ("listening on ...").
  void start() {
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    pid = fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      rlimit no_core{0, 0};
      setrlimit(RLIMIT_CORE, &no_core);  // the SIGSEGV case below must not leave a core file
      dup2(fds[1], STDOUT_FILENO);
      dup2(fds[1], STDERR_FILENO);
      close(fds[0]);
      close(fds[1]);
      std::string binary = test::binary_path("server/kindred-serve");
      std::string gaz = test::source_path("var/gazetteer/gazetteer.bin");
      std::string vocab = test::source_path("data/vocabulary.json");
      execl(binary.c_str(), binary.c_str(), "--index", test::fixture_index().c_str(), "--port", "0", "--threads",
            "2", "--web", test::fixture_web_dir().c_str(), "--gazetteer", gaz.c_str(), "--vocabulary", vocab.c_str(),
            nullptr);
      _exit(127);
    }
    close(fds[1]);
    out = fds[0];
    while (output.find('\n') == std::string::npos && read_some()) {
    }
    INFO(output);
    const std::string prefix = "kindred-serve: listening on http://127.0.0.1:";
    REQUIRE(output.rfind(prefix, 0) == 0);
    port = static_cast<uint16_t>(std::stoi(output.substr(prefix.size())));
  }
  bool read_some() {
    pollfd p{out, POLLIN, 0};
    if (poll(&p, 1, 20000) <= 0) return false;
    char buf[512];
    ssize_t n = read(out, buf, sizeof buf);
    if (n <= 0) return false;
    output.append(buf, static_cast<size_t>(n));
    return true;
  }
  // Sends `sig`, waits for the process and reads the rest of its output; its wait status.
  int stop_with(int sig) {
    kill(pid, sig);
    int status = 0;
    REQUIRE(waitpid(pid, &status, 0) == pid);
    while (read_some()) {
    }
    close(out);
    return status;
  }
};

}  // namespace

TEST_CASE("server: the kindred-serve binary says where it listens and stops on SIGTERM", "[server]") {
  ServeBinary serve;
  serve.start();
  INFO(serve.output);
  CHECK_THAT(serve.output, Catch::Contains("(7 listings, 2 threads)"));
  CHECK(test::http_get(serve.port, "/healthz").status == 200);
  int status = serve.stop_with(SIGTERM);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK_THAT(serve.output, Catch::Contains("kindred-serve: stopped"));
}

// A crash seen once under load must leave more than "Segmentation fault" (server/fatal_signal.h).
TEST_CASE("server: the kindred-serve binary dying of SIGSEGV writes its stack, and still dies of it", "[server]") {
  if (!http::fatal_signals_reported()) {
    WARN("skipped: a sanitizer build reports fatal signals itself, and the server leaves them to it");
    return;
  }
  ServeBinary serve;
  serve.start();
  CHECK(test::http_get(serve.port, "/healthz").status == 200);
  int status = serve.stop_with(SIGSEGV);
  INFO(serve.output);
  CHECK(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGSEGV);
  CHECK_THAT(serve.output, Catch::Contains("kindred-serve: fatal signal SIGSEGV; stack (innermost first):\n"));
  CHECK_THAT(serve.output, Catch::Contains("kindred-serve(+0x"));  // a frame addr2line can name
}
