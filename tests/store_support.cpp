// @brief See store_support.h.
#include "tests/store_support.h"

#include <curl/curl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "core/base/json_util.h"
#include "core/listing/listing_source.h"
#include "tests/server_support.h"

namespace kindred::test {
namespace {

size_t on_body(char* p, size_t size, size_t n, void* user) {
  static_cast<HttpResponse*>(user)->body.append(p, size * n);
  return size * n;
}

std::string admin_token(const std::string& store, const std::string& args) {
  auto r = run_command(binary_path("indexer/kindred-admin") + " --store " + store + " " + args);
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  auto start = r.output.find("kdr_");
  REQUIRE(start != std::string::npos);
  return r.output.substr(start, r.output.find('\n', start) - start);
}

}  // namespace

HttpResponse http_send(uint16_t port, const std::string& method, const std::string& target, const std::string& body,
                       const std::vector<std::string>& headers) {
  HttpResponse r;
  CURL* c = curl_easy_init();
  std::string url = "http://127.0.0.1:" + std::to_string(port) + target;
  curl_slist* list = nullptr;
  for (const auto& h : headers) list = curl_slist_append(list, h.c_str());
  list = curl_slist_append(list, "Expect:");  // no 100-continue round trip
  curl_easy_setopt(c, CURLOPT_URL, url.c_str());
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, list);
  if (method == "POST") {
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body.data());
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE, static_cast<long>(body.size()));
  } else if (method != "GET") {
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method.c_str());
  }
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &r);
  curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, collect_header);
  curl_easy_setopt(c, CURLOPT_HEADERDATA, &r);
  CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) {
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r.status);
  } else {
    r.error = curl_easy_strerror(rc);
  }
  curl_slist_free_all(list);
  curl_easy_cleanup(c);
  return r;
}

std::string bearer(const std::string& token) { return "Authorization: Bearer " + token; }

rapidjson::Document fixture_listing(const std::string& id) {
  auto files = find_listing_files(source_path("tests/fixtures/listings"));
  REQUIRE(files.ok());
  ListingValidator validator(schema(), gazetteer(), "2026-01-01");
  LoadResult loaded = load_listings(*files, validator);
  for (const auto& l : loaded.accepted) {
    if (l.listing.id != id) continue;
    rapidjson::Document doc;
    REQUIRE(parse_json(l.source.json, doc).ok());
    return doc;
  }
  FAIL("no fixture listing " << id);
  return {};
}

std::string submission_body(const std::string& id, const std::string& description) {
  rapidjson::Document doc = fixture_listing(id);
  doc["description"].SetString(description.c_str(), static_cast<rapidjson::SizeType>(description.size()),
                               doc.GetAllocator());
  return "{\"listing\":" + to_json(doc) + "}";
}

StoreFixture::StoreFixture() {
  rebuild();
  college = admin_token(store_path(), "add-maintainer college --org 'Fixture College (synthetic)'");
  voices = admin_token(store_path(), "add-maintainer voices --listing fixture-london-hearing-voices");
  mod = admin_token(store_path(), "add-moderator mod");
  auto opened = Store::open(store_path());
  REQUIRE(opened.ok());
  store = std::move(*opened);
}

void StoreFixture::rebuild() const {
  auto r = run_command(binary_path("indexer/kindred-index") + " build --data " +
                       source_path("tests/fixtures/listings") + " --out " + index() + " --store " + store_path() +
                       " --schema " + source_path("data/schema/kindred-1.schema.json") + " --vocabulary " +
                       source_path("data/vocabulary.json") + " --gazetteer " +
                       source_path("var/gazetteer/gazetteer.bin"));
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
}

StoreServer::StoreServer(const http::WriteLimits& limits)
    : validator_(schema(), gazetteer()),
      index_(fixture_.index()),
      moderation_(*fixture_.store, fixture_.index(), validator_, gazetteer(), vocabulary()),
      writes_(moderation_, limits),
      api_(index_, vocabulary(), gazetteer(), fixture_web_dir(), &writes_) {
  http::ServerOptions options;
  options.threads = 4;
  auto started = http::HttpServer::start(api_, options);
  REQUIRE(started.ok());
  server_ = std::move(*started);
}

HttpResponse StoreServer::send(const std::string& method, const std::string& target, const std::string& token,
                               const std::string& body, const std::vector<std::string>& headers) const {
  std::vector<std::string> h = headers;
  if (!token.empty()) h.push_back(bearer(token));
  return http_send(port(), method, target, body, h);
}

ServeProcess::ServeProcess(const std::string& index, const std::string& store, const std::vector<std::string>& extra) {
  int out[2];
  REQUIRE(pipe(out) == 0);
  pid_ = fork();
  REQUIRE(pid_ >= 0);
  if (pid_ == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive a test that crashed
    dup2(out[1], STDOUT_FILENO);
    close(out[0]);
    close(out[1]);
    std::vector<std::string> args = {binary_path("server/kindred-serve"),
                                     "--index", index, "--port", "0", "--threads", "2",
                                     "--web", fixture_web_dir(),
                                     "--gazetteer", source_path("var/gazetteer/gazetteer.bin"),
                                     "--vocabulary", source_path("data/vocabulary.json")};
    if (!store.empty()) {  // without a store: a read-only server (a replica, tests/cluster_*)
      // tests submit faster than people do
      args.insert(args.end(), {"--store", store, "--schema", source_path("data/schema/kindred-1.schema.json"),
                               "--submission-rate", "100000"});
    }
    args.insert(args.end(), extra.begin(), extra.end());
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  close(out[1]);
  out_ = out[0];
  const std::string prefix = "kindred-serve: listening on http://127.0.0.1:";
  while (output_.find(prefix) == std::string::npos || output_.find('\n', output_.find(prefix)) == std::string::npos) {
    pollfd p{out_, POLLIN, 0};
    if (poll(&p, 1, 30000) <= 0) break;
    char buf[512];
    ssize_t n = read(out_, buf, sizeof buf);
    if (n <= 0) break;
    output_.append(buf, static_cast<size_t>(n));
  }
  INFO(output_);
  auto at = output_.find(prefix);
  REQUIRE(at != std::string::npos);
  port_ = static_cast<uint16_t>(std::stoi(output_.substr(at + prefix.size())));
}

int ServeProcess::stop(int signal) {
  if (pid_ <= 0) return 0;
  kill(pid_, signal);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  if (out_ >= 0) close(out_);
  out_ = -1;
  return status;
}

ServeProcess::~ServeProcess() { stop(SIGKILL); }

}  // namespace kindred::test
