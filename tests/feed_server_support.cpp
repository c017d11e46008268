// @brief The local feed server of the tests (see feed_server_support.h).
#include "tests/feed_server_support.h"

#include "server/fixed_header.h"

#include <pistache/endpoint.h>
#include <pistache/http.h>

#include <chrono>
#include <stdexcept>
#include <thread>

#include "core/interop/feed_text.h"
#include "tests/test_support.h"

namespace kindred::test {

struct FeedTestServer::State {
  mutable std::mutex mu;
  std::map<std::string, std::string> bodies;
  std::map<std::string, int> hits, conditional;
};

namespace {

using namespace Pistache;

void header(Http::ResponseWriter& w, const char* name, const std::string& value) {
  w.headers().add(std::make_shared<kindred::http::FixedHeader>(name, value));
}

const auto kJson = Http::Mime::MediaType::fromString("application/json");

class Handler : public Http::Handler {
 public:
  HTTP_PROTOTYPE(Handler)
  explicit Handler(std::shared_ptr<FeedTestServer::State> state) : state_(std::move(state)) {}

  void onRequest(const Http::Request& req, Http::ResponseWriter w) override {
    const std::string path = req.resource();
    auto inm = req.headers().tryGetRaw("If-None-Match");
    {
      std::lock_guard<std::mutex> lock(state_->mu);
      ++state_->hits[path];
      if (inm) ++state_->conditional[path];
    }
    bool head = req.method() == Http::Method::Head;
    if (path.rfind("/feed/", 0) == 0 || path.rfind("/gzip/", 0) == 0) {
      std::string body;
      {
        std::lock_guard<std::mutex> lock(state_->mu);
        auto it = state_->bodies.find(path.substr(6));
        if (it == state_->bodies.end()) return void(w.send(Http::Code::Not_Found, ""));
        body = it->second;
      }
      std::string etag = "\"" + std::to_string(fnv1a64(body)) + "\"";
      header(w, "ETag", etag);
      header(w, "Last-Modified", "Fri, 20 Nov 2026 10:00:00 GMT");
      if (inm && inm->value() == etag) return void(w.send(Http::Code::Not_Modified));
      if (path.rfind("/gzip/", 0) == 0) {
        header(w, "Content-Encoding", "gzip");
        body = gzip(body);
      }
      return void(w.send(Http::Code::Ok, head ? "" : body, kJson));
    }
    if (path.rfind("/status/", 0) == 0) return void(w.send(static_cast<Http::Code>(std::stoi(path.substr(8))), ""));
    if (path == "/head-refused") return void(w.send(head ? Http::Code::Method_Not_Allowed : Http::Code::Ok, ""));
    if (path == "/slow") {
      std::this_thread::sleep_for(std::chrono::milliseconds(2500));
      return void(w.send(Http::Code::Ok, "[]", kJson));
    }
    if (path == "/huge") return void(w.send(Http::Code::Ok, huge(), kJson));
    if (path == "/huge-chunked") {
      auto stream = w.stream(Http::Code::Ok);
      std::string body = huge();
      for (size_t i = 0; i < body.size(); i += 65536) {
        stream.write(body.data() + i, std::min<size_t>(65536, body.size() - i));
        stream.flush();
      }
      stream.ends();
      return;
    }
    if (path == "/loop") return redirect(w, "/loop", Http::Code::Found);
    if (path == "/to-ftp") return redirect(w, "ftp://127.0.0.1/x", Http::Code::Found);
    if (path.rfind("/moved/", 0) == 0) return redirect(w, "/feed/" + path.substr(7), Http::Code::Moved_Permanently);
    w.send(Http::Code::Not_Found, "");
  }

 private:
  static std::string huge() {
    std::string body = "[";
    while (body.size() < (2u << 20)) body += "{\"name\": \"padding padding padding\"},";
    body += "{}]";
    return body;
  }
  static void redirect(Http::ResponseWriter& w, const std::string& to, Http::Code code) {
    header(w, "Location", to);
    w.send(code, "");
  }
  std::shared_ptr<FeedTestServer::State> state_;
};

}  // namespace

struct FeedTestServer::Impl {
  std::unique_ptr<Http::Endpoint> endpoint;
};

FeedTestServer::FeedTestServer() : state_(std::make_shared<State>()), impl_(std::make_unique<Impl>()) {
  impl_->endpoint = std::make_unique<Http::Endpoint>(Address(IP::loopback(), Port(0)));
  impl_->endpoint->init(Http::Endpoint::options().threads(8).flags(Tcp::Options::ReuseAddr));
  impl_->endpoint->setHandler(Http::make_handler<Handler>(state_));
  impl_->endpoint->serveThreaded();
}

FeedTestServer::~FeedTestServer() { impl_->endpoint->shutdown(); }

uint16_t FeedTestServer::port() const { return static_cast<uint16_t>(impl_->endpoint->getPort()); }

std::string FeedTestServer::url(const std::string& path) const {
  return "http://127.0.0.1:" + std::to_string(port()) + path;
}

void FeedTestServer::set_body(const std::string& name, const std::string& body) {
  std::lock_guard<std::mutex> lock(state_->mu);
  state_->bodies[name] = body;
}

int FeedTestServer::hits(const std::string& path) const {
  std::lock_guard<std::mutex> lock(state_->mu);
  auto it = state_->hits.find(path);
  return it == state_->hits.end() ? 0 : it->second;
}

int FeedTestServer::conditional_hits(const std::string& path) const {
  std::lock_guard<std::mutex> lock(state_->mu);
  auto it = state_->conditional.find(path);
  return it == state_->conditional.end() ? 0 : it->second;
}

std::string gzip(const std::string& data) {
  TempDir dir;
  write_file(dir.file("in"), data);
  auto r = run_command("gzip -n -c '" + dir.file("in") + "' > '" + dir.file("in.gz") + "'");
  if (r.exit_code != 0) throw std::runtime_error("gzip failed: " + r.output);
  return slurp(dir.file("in.gz"));
}

}  // namespace kindred::test
