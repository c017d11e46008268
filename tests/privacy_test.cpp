// @brief The privacy review's claims (SECURITY.md) as tests: the real kindred-serve, run
// with a store, is sent distinctive searches, place look-ups, submissions, reports, bad
// tokens and malformed requests from a client address of its own (127.0.0.2); afterwards
// nothing it wrote (stdout, stderr, the store, the index, any other file) contains a
// query, a token, a header value or that address. And the page keeps nothing in the
// browser unless a referral list is remembered, and asks no other site for anything.
#include <curl/curl.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <thread>

#include <catch2/catch.hpp>

#include "tests/server_support.h"
#include "tests/store_support.h"

using namespace kindred;
namespace fs = std::filesystem;

namespace {

// The client address every request comes from: not the server's own 127.0.0.1, so
// that finding it anywhere means a client address was written down.
constexpr const char* kClientAddress = "127.0.0.2";

// kindred-serve run as a user would, from `cwd` (so that a file it made up a path for
// lands there), with stdout and stderr each in a file of `logs`.
class LoggedServe {
 public:
  LoggedServe(const test::StoreFixture& f, const std::string& logs) : out_(logs + "/stdout"), err_(logs + "/stderr") {
    pid_ = fork();
    REQUIRE(pid_ >= 0);
    if (pid_ == 0) {
      prctl(PR_SET_PDEATHSIG, SIGKILL);
      int out = ::open(out_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      int err = ::open(err_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      dup2(out, STDOUT_FILENO);
      dup2(err, STDERR_FILENO);
      if (chdir(f.dir.path().c_str()) != 0) _exit(126);
      std::vector<std::string> args = {test::binary_path("server/kindred-serve"), "--index", f.index(), "--port", "0",
                                       "--threads", "2", "--store", f.store_path(), "--web", test::fixture_web_dir(),
                                       "--gazetteer", test::source_path("var/gazetteer/gazetteer.bin"),
                                       "--vocabulary", test::source_path("data/vocabulary.json"),
                                       "--schema", test::source_path("data/schema/kindred-1.schema.json"),
                                       "--meeting-guide-types", test::source_path("data/meeting-guide-types.json")};
      std::vector<char*> argv;
      for (auto& a : args) argv.push_back(a.data());
      argv.push_back(nullptr);
      execv(argv[0], argv.data());
      _exit(127);
    }
    const std::string prefix = "listening on http://127.0.0.1:";
    for (int i = 0; i < 600 && port_ == 0; ++i) {
      std::string text = test::slurp(out_);
      if (auto at = text.find(prefix); at != std::string::npos && text.find('\n', at) != std::string::npos) {
        port_ = static_cast<uint16_t>(std::stoi(text.substr(at + prefix.size())));
      } else {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
      }
    }
    INFO(test::slurp(out_) << test::slurp(err_));
    REQUIRE(port_ != 0);
  }
  ~LoggedServe() { stop(); }

  uint16_t port() const { return port_; }
  // SIGTERM, as an operator stops it; returns the exit status.
  int stop() {
    if (pid_ <= 0) return -1;
    kill(pid_, SIGTERM);
    int status = 0;
    waitpid(pid_, &status, 0);
    pid_ = -1;
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }

 private:
  pid_t pid_ = -1;
  uint16_t port_ = 0;
  std::string out_, err_;
};

size_t discard(char*, size_t size, size_t n, void*) { return size * n; }

// One request from kClientAddress; the status (0: none).
long request(uint16_t port, const std::string& method, const std::string& target, const std::vector<std::string>& headers,
             const std::string& body = "") {
  CURL* c = curl_easy_init();
  std::string url = "http://127.0.0.1:" + std::to_string(port) + target;
  curl_slist* list = curl_slist_append(nullptr, "Expect:");
  for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_INTERFACE, kClientAddress);
  curl_easy_setopt(c, CURLOPT_PATH_AS_IS, 1L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 20L);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
  curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
  if (!body.empty()) {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  }
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
  long status = 0;
  if (curl_easy_perform(c) == CURLE_OK) curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  curl_slist_free_all(list);
  curl_easy_cleanup(c);
  return status;
}

using test::lower;

}  // namespace

TEST_CASE("privacy: nothing kindred-serve writes holds a query, a token, a header or a client address",
          "[privacy]") {
  test::StoreFixture f;
  test::TempDir logs;
  // Every file there before the server starts; afterwards, only the store's and the
  // index's own files may be new.
  std::set<std::string> before;
  for (const auto& e : fs::recursive_directory_iterator(f.dir.path())) before.insert(e.path().string());

  // Words that occur in no listing and no message of ours, so any copy is a leak.
  const std::vector<std::string> secrets = {
      "selfharmquokka",   "zebraquokkaplace", "quokkaville",       "quokka-no-such-id", "quokkastatic",
      "quokkaexport",     "quokkacsv",        "quokkaics",         "ua-quokka-agent",   "quokka-referer",
      "quokkaoversized",  "quokkabadutf",     "quokkamethod",      "quokkacookie"};
  const std::string bad_token = "kdr_0123456789ab_" + std::string(48, 'e') + "0badc0ffee0badc0";
  const std::vector<std::string> browser = {"User-Agent: ua-quokka-agent/1.0", "Referer: https://x.example/quokka-referer",
                                            "Cookie: session=quokkacookie", "X-Forwarded-For: 203.0.113.77"};
  LoggedServe serve(f, logs.path());
  const uint16_t port = serve.port();
  std::map<long, int> statuses;
  auto send = [&](const std::string& method, const std::string& target, std::vector<std::string> headers = {},
                  const std::string& body = "") {
    headers.insert(headers.end(), browser.begin(), browser.end());
    long s = request(port, method, target, headers, body);
    INFO(method << " " << target.substr(0, 100));
    CHECK(s != 0);
    ++statuses[s];
  };
  // A person searching, from the page and by hand.
  send("GET", "/api/v1/search?q=selfharmquokka+support&near=quokkaville&topic=depression");
  send("GET", "/api/v1/search?q=selfharmquokka&lat=46.73&lon=-117.0&radius_km=50&sort=distance");
  send("GET", "/api/v1/places?q=zebraquokkaplace");
  send("GET", "/api/v1/listings/quokka-no-such-id");
  send("GET", "/api/v1/listings/quokka-no-such-id.ics");
  send("GET", "/api/v1/referral.ics?id=quokka-no-such-id&id=fixture-moscow-bipolar-group");
  send("GET", "/api/v1/export/csv?q=quokkacsv");
  send("GET", "/api/v1/export/hsds?q=quokkaexport");
  send("GET", "/quokkastatic.html");
  send("GET", "/?q=selfharmquokka");
  // Malformed and refused requests.
  send("GET", "/api/v1/search?q=quokkabadutf%ff");
  send("DELETE", "/api/v1/search?q=quokkamethod");
  send("GET", "/api/v1/search?q=quokkaoversized" + std::string(70000, 'q'));
  send("GET", "/api/v1/me", {test::bearer(bad_token)});
  // Staff and the public writing.
  send("POST", "/api/v1/submissions", {test::bearer(f.college)},
       test::submission_body("fixture-calgary-recovery-college", "Synthetic privacy test edit."));
  send("POST", "/api/v1/submissions/1/approve", {test::bearer(f.mod)});
  send("POST", "/api/v1/reports", {}, R"({"listing_id":"fixture-moscow-bipolar-group","category":"other"})");
  send("GET", "/metrics");
  CHECK(statuses[200] >= 5);
  CHECK(statuses[202] == 2);  // the submission and the report were accepted
  CHECK(statuses[401] == 1);
  CHECK(statuses[413] == 1);
  REQUIRE(serve.stop() == 0);

  // Everything the server wrote.
  std::map<std::string, std::string> written = {{"stdout", test::slurp(logs.file("stdout"))},
                                                {"stderr", test::slurp(logs.file("stderr"))}};
  std::vector<std::string> created;
  for (const auto& e : fs::recursive_directory_iterator(f.dir.path())) {
    if (!e.is_regular_file()) continue;
    std::string path = e.path().string();
    written[path] = test::slurp(path);
    if (before.count(path)) continue;
    std::string rel = fs::relative(e.path(), f.dir.path()).string();
    bool expected = rel.rfind("kindred.db", 0) == 0 || rel.rfind("index", 0) == 0;
    INFO("a file the server created: " << rel);
    CHECK(expected);
    created.push_back(rel);
  }
  std::vector<std::string> needles = secrets;
  needles.push_back(bad_token.substr(17));
  needles.push_back(f.college.substr(f.college.rfind('_') + 1));  // real token secrets: only hashes are kept
  needles.push_back(f.mod.substr(f.mod.rfind('_') + 1));
  needles.push_back(kClientAddress);
  needles.push_back("203.0.113.77");
  // The scan does reach what the server stored: the approved edit is in the store.
  bool stored = false;
  for (const auto& [name, text] : written) stored = stored || lower(text).find("synthetic privacy test edit") != std::string::npos;
  CHECK(stored);
  for (const auto& [name, text] : written) {
    const std::string folded = lower(text);
    for (const auto& needle : needles) {
      INFO(name << " holds \"" << needle << "\"");
      CHECK(folded.find(lower(needle)) == std::string::npos);
    }
  }
  // What the server does say: that it started, where, and that it stopped; no request.
  INFO(written["stdout"]);
  for (const auto& line : std::vector<std::string>{"store", "listening on", "stopping", "stopped"}) {
    CHECK_THAT(written["stdout"], Catch::Contains("kindred-serve: " + line));
  }
  std::istringstream lines(written["stdout"]);
  for (std::string line; std::getline(lines, line);) {
    CHECK(std::regex_match(line, std::regex("kindred-serve: (store |listening on |index sync applied |stopping|stopped).*")));
  }
  // Nothing on stderr in a normal run (its lines are start-up problems and sync errors);
  // a sanitizer build may add its own report, which is for that build to judge.
  if (written["stderr"].find("Sanitizer") == std::string::npos) CHECK(written["stderr"].empty());
}

TEST_CASE("privacy: the page keeps nothing unless a referral list is remembered, and asks no other site",
          "[privacy][page]") {
  // The browser tests prove the same at run time (tests/browser: referral.test.js "keeps
  // the list in localStorage only when asked", assertClean() after every journey: no
  // request to another origin, no cookie). This reads the sources, so that a new use of
  // storage or a third-party URL is caught by the quick suite too.
  const std::regex storage(R"(localStorage|sessionStorage|indexedDB|document\.cookie|caches\.|serviceWorker|sendBeacon)");
  const std::regex remote(R"((src|href|action|import|fetch\(|url\()\s*=?\s*["']?(https?:)?//)");
  std::map<std::string, std::set<std::string>> storage_uses;
  size_t files = 0;
  for (const auto& e : fs::directory_iterator(test::source_path("web"))) {
    std::string ext = e.path().extension().string();
    if (ext != ".js" && ext != ".html" && ext != ".css") continue;
    ++files;
    std::string name = e.path().filename().string();
    std::string text = test::slurp(e.path().string());
    for (auto it = std::sregex_iterator(text.begin(), text.end(), storage); it != std::sregex_iterator(); ++it) {
      storage_uses[name].insert(it->str());
    }
    std::istringstream lines(text);
    for (std::string line; std::getline(lines, line);) {
      if (!std::regex_search(line, remote)) continue;
      // Links a person may follow (help lines, the quick exit) are not requests.
      bool link = line.find("<a ") != std::string::npos || line.find("location.replace") != std::string::npos;
      INFO(name << ": " << line);
      CHECK(link);
    }
  }
  CHECK(files >= 5);
  CHECK(storage_uses == std::map<std::string, std::set<std::string>>{{"referral.js", {"localStorage"}}});
  std::string referral = test::slurp(test::source_path("web/referral.js"));
  CHECK_THAT(referral, Catch::Contains("if (on) localStorage.setItem(KEY, list.join(\",\"));"));
}
