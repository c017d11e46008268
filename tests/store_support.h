// @brief For the submission tests: requests with a body and headers, a server with a
// store (in-process, or the real kindred-serve binary that a test can kill -9), and the
// fixture index and people they work on.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <rapidjson/document.h>

#include "core/listing/validate.h"
#include "core/moderation/moderation.h"
#include "core/store/store.h"
#include "server/write_api.h"
#include "tests/http_support.h"
#include "tests/test_support.h"

namespace kindred::test {

// One request on a fresh connection, with a body (sent as is) and extra header lines.
HttpResponse http_send(uint16_t port, const std::string& method, const std::string& target, const std::string& body,
                       const std::vector<std::string>& headers = {});

// "Authorization: Bearer <token>"
std::string bearer(const std::string& token);

// A listing from the test fixtures (tests/fixtures/listings), as a JSON object.
rapidjson::Document fixture_listing(const std::string& id);
// {"listing": <listing>} with its description replaced.
std::string submission_body(const std::string& id, const std::string& description);

// A temporary directory with the fixture index built by kindred-index (with --store)
// and a store holding three people:
//   college  maintainer of "Fixture College (synthetic)" (fixture-calgary-recovery-college)
//   voices   maintainer of listing fixture-london-hearing-voices
//   mod      a moderator
struct StoreFixture {
  StoreFixture();
  // Builds the fixture index again with kindred-index build --store (a full rebuild).
  void rebuild() const;
  std::string index() const { return dir.file("index"); }
  std::string store_path() const { return dir.file("kindred.db"); }
  TempDir dir;
  std::unique_ptr<Store> store;
  std::string college, voices, mod;  // tokens
};

// The fixture behind kindred-serve's parts in this process.
class StoreServer {
 public:
  explicit StoreServer(const http::WriteLimits& limits = {});
  uint16_t port() const { return server_->port(); }
  StoreFixture& fixture() { return fixture_; }
  Store& store() { return *fixture_.store; }
  HttpResponse send(const std::string& method, const std::string& target, const std::string& token = "",
                    const std::string& body = "", const std::vector<std::string>& headers = {}) const;

 private:
  StoreFixture fixture_;
  ListingValidator validator_;
  LiveIndex index_;
  Moderation moderation_;
  http::WriteApi writes_;
  http::Api api_;
  std::unique_ptr<http::HttpServer> server_;
};

// The real kindred-serve binary with --store (none if `store` is empty), on a free port;
// stop() sends a signal.
class ServeProcess {
 public:
  ServeProcess(const std::string& index, const std::string& store, const std::vector<std::string>& extra = {});
  ~ServeProcess();
  uint16_t port() const { return port_; }
  bool running() const { return pid_ > 0; }
  // Sends `signal` and waits; returns the wait status.
  int stop(int signal);
  const std::string& output() const { return output_; }

 private:
  pid_t pid_ = -1;
  int out_ = -1;
  uint16_t port_ = 0;
  std::string output_;
};

}  // namespace kindred::test
