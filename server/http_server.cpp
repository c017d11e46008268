// @brief Pistache 0.0.5 -> Api::handle(), with the raw request line kept per connection
// (see http_server.h for why).
#include "server/http_server.h"

#include <pistache/endpoint.h>
#include <pistache/http.h>
#include <pistache/peer.h>

#include <sys/socket.h>

#include <cerrno>

#include <mutex>
#include <unordered_map>

#include "server/fixed_header.h"

namespace kindred::http {
namespace {

using namespace Pistache;
using namespace std::chrono_literals;

constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

// Parsed media types, per worker thread (a handful of distinct strings).
const Http::Mime::MediaType& media_type(const std::string& type) {
  thread_local std::unordered_map<std::string, Http::Mime::MediaType> cache;
  auto it = cache.find(type);
  if (it == cache.end()) it = cache.emplace(type, Http::Mime::MediaType::fromString(type)).first;
  return it->second;
}

void add_headers(Http::ResponseWriter& w, const Reply& r) {
  auto& h = w.headers();
  h.add(std::make_shared<FixedHeader>("Cache-Control", r.no_store ? "no-store" : "no-cache"));
  h.add(std::make_shared<FixedHeader>("X-Content-Type-Options", "nosniff"));
  h.add(std::make_shared<FixedHeader>("Referrer-Policy", "no-referrer"));
  h.add(std::make_shared<FixedHeader>("Content-Security-Policy", kContentSecurityPolicy));
  h.add(std::make_shared<FixedHeader>("X-Frame-Options", "DENY"));
  if (!r.allow.empty()) h.add(std::make_shared<FixedHeader>("Allow", r.allow));
  if (!r.etag.empty()) h.add(std::make_shared<FixedHeader>("ETag", r.etag));
  if (!r.vary.empty()) h.add(std::make_shared<FixedHeader>("Vary", r.vary));
  if (!r.content_encoding.empty()) h.add(std::make_shared<FixedHeader>("Content-Encoding", r.content_encoding));
}

// What Kindred keeps per connection: the bytes of its current request line (kept until its
// request is answered or refused, and the parser is reset with it), and how its answers
// are being written. Owned by the connection's worker (KindredHandler::connections_).
struct ConnectionState {
  std::string request_line;
  bool line_complete = false;
  bool closing = false;   // a request could not be parsed: read nothing more (see refuse_and_close)
  int writes_queued = 0;  // answers, or their ends, waiting in Pistache's write queue (see put_on_wire)
  void reset_line() {
    request_line.clear();
    line_complete = false;
  }
};

// The whole response -- status line, headers, body -- built in one buffer and written to
// the socket at once. Why not ResponseWriter::send for every answer (issue 16, a server
// that keeps up): it formats through an std::ostream, allocates a shared_ptr per header,
// copies the body once more into its own stream buffer, and always sends the length of
// the bytes it sends, which HEAD (the length GET would send) and 304 (RFC 9110 8.6: none)
// must not. The bytes are the same as Pistache's own (header names, "Keep-Alive" /
// "Close"), so clients see no difference.
//
// Why a direct send() rather than the transport's asyncWrite: Pistache 0.0.5 queues every
// write, and the worker's event loop sends it two turns later (the queue's eventfd, then
// the socket's EPOLLOUT). In between, the same worker runs the searches of every other
// connection that was ready in that turn, so under load an answer that is done waits for
// other people's searches before it leaves. We are on the worker that owns this
// connection, so writing now is safe. Only what the socket does not take at once (a full
// send buffer) goes to the queue; while anything of this connection waits there, later
// answers queue behind it, so bytes never overtake each other.
//
// One exception keeps the worker fair. Pistache reads a connection until it has nothing
// more, and a client on loopback sends its next request within microseconds of an answer
// sent at once: a busy client would then keep the worker to itself while the other
// connections it owns wait (wrk's 64 connections saw a p99 of 260 ms instead of 50). So an
// answer to the connection this worker answered at once just before goes by the queue,
// as all answers used to: its client cannot ask again until the worker has served the
// others that were ready. A client alone on its worker has every other answer queued,
// which costs it no more than before.
void put_on_wire(Tcp::Transport* transport, const std::shared_ptr<Tcp::Peer>& peer,
                 const std::shared_ptr<ConnectionState>& state,
                 Http::Version version, Http::ConnectionControl control, bool head, const Reply& r) {
  const bool body = !head && r.status != 304;
  std::string text;
  text.reserve(640 + (body ? r.body.size() : 0));
  auto header = [&text](std::string_view name, std::string_view value) {
    text.append(name).append(": ").append(value).append("\r\n");
  };
  text += version == Http::Version::Http10 ? "HTTP/1.0 " : "HTTP/1.1 ";
  text += std::to_string(r.status);
  text += ' ';
  text += Http::codeString(static_cast<Http::Code>(r.status));
  text += "\r\n";
  if (r.status != 304) header("Content-Type", r.content_type);
  if (!r.content_encoding.empty()) header("Content-Encoding", r.content_encoding);
  if (!r.vary.empty()) header("Vary", r.vary);
  if (!r.etag.empty()) header("ETag", r.etag);
  if (!r.allow.empty()) header("Allow", r.allow);
  header("X-Frame-Options", "DENY");
  header("Content-Security-Policy", kContentSecurityPolicy);
  header("Referrer-Policy", "no-referrer");
  header("X-Content-Type-Options", "nosniff");
  header("Cache-Control", r.no_store ? "no-store" : "no-cache");
  header("Connection", control == Http::ConnectionControl::Close ? "Close" : "Keep-Alive");
  if (r.status != 304) header("Content-Length", std::to_string(r.body.size()));
  text += "\r\n";
  if (body) text += r.body;
  peer->setIdle(true);  // as ResponseWriter::send does: the keep-alive timer runs again
  thread_local size_t answered_at_once = 0;  // the id of the connection, 0 for none
  const bool again = peer->getID() + 1 == answered_at_once;
  answered_at_once = again ? 0 : peer->getID() + 1;
  size_t sent = 0;
  if (state->writes_queued == 0 && !again) {
    while (sent < text.size()) {
      ssize_t n = ::send(peer->fd(), text.data() + sent, text.size() - sent, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        sent += static_cast<size_t>(n);
      } else if (n < 0 && errno == EINTR) {
        continue;
      } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
        break;  // the rest goes to the queue, which waits for EPOLLOUT
      } else {
        return;  // the client is gone; Pistache sees it on its next read and closes the peer
      }
    }
  }
  if (sent == text.size()) return;
  if (sent > 0) text.erase(0, sent);
  const size_t size = text.size();
  ++state->writes_queued;
  // Settles on this worker's thread, once the queue has written these bytes or given up
  // on the connection.
  std::weak_ptr<ConnectionState> weak = state;
  auto settled = [weak] {
    if (auto s = weak.lock()) --s->writes_queued;
  };
  transport->asyncWrite(peer->fd(), RawBuffer(std::move(text), size))
      .then([settled](ssize_t) { settled(); }, [settled](std::exception_ptr) { settled(); });
}

void send(Http::ResponseWriter& w, const Reply& r) {
  add_headers(w, r);
  w.send(static_cast<Http::Code>(r.status), r.body, media_type(r.content_type));
}

class KindredHandler : public Http::Handler {
 public:
  HTTP_PROTOTYPE(KindredHandler)

  explicit KindredHandler(Api& api) : api_(&api) {}

  // Not reached (onInput serves with the raw target); kept as the interface requires.
  void onRequest(const Http::Request& request, Http::ResponseWriter response) override {
    auto peer = response.peer();
    serve(request, request.resource() + request.query().as_str(), Http::ConnectionControl::KeepAlive, peer,
          connection_state(peer));
  }

  void onTimeout(const Http::Request&, Http::ResponseWriter response) override {
    refuse(response, 408, "timeout", "the request did not arrive in time");
  }

 private:
  void onInput(const char* buffer, size_t len, const std::shared_ptr<Tcp::Peer>& peer) override;
  void serve(const Http::Request& request, std::string_view target, Http::ConnectionControl control,
             const std::shared_ptr<Tcp::Peer>& peer, const std::shared_ptr<ConnectionState>& state);

  // Answers a request that never reached the Api. Called from exception handlers, so it
  // must not throw: a connection that is already gone gets nothing.
  void refuse(Http::ResponseWriter& response, int status, std::string_view code, std::string_view message) noexcept {
    try {
      send(response, error_reply(status, code, message));
    } catch (const std::exception&) {
    }
    api_->record(RouteId::kOther, status, 0ns);
  }

  // Answers a request that could not be parsed, then ends the connection. The bytes after
  // an unparsable request (the rest of an oversized one, say) have no known framing: read
  // as a new request, their answer would go to whatever the client, or a proxy reusing the
  // connection for another client, sends next. So: "Connection: close", nothing more is
  // read, and the write side is shut once the answer is out (the client sees the answer,
  // then EOF; Pistache closes the socket when the client does, or at the header timeout).
  void refuse_and_close(Http::ResponseWriter& response, const std::shared_ptr<Tcp::Peer>& peer, ConnectionState& conn,
                        int status, std::string_view code, std::string_view message) noexcept {
    conn.closing = true;
    try {
      Reply r = error_reply(status, code, message);
      add_headers(response, r);
      response.headers().add<Http::Header::Connection>(Http::ConnectionControl::Close);
      std::weak_ptr<Tcp::Peer> weak = peer;
      response.send(static_cast<Http::Code>(r.status), r.body, media_type(r.content_type))
          .then([weak](ssize_t) {
                  if (auto p = weak.lock()) ::shutdown(p->fd(), SHUT_WR);
                },
                [](std::exception_ptr) {});
    } catch (const std::exception&) {
    }
    api_->record(RouteId::kOther, status, 0ns);
  }

  std::shared_ptr<ConnectionState> connection_state(const std::shared_ptr<Tcp::Peer>& peer) {
    if (auto it = connections_.find(peer->getID()); it != connections_.end()) return it->second.state;
    // Pistache closes idle connections without telling the handler (its keep-alive
    // timeout), so entries whose peer is gone are swept here, on this worker, once every
    // kSweepEvery new connections: the map holds the connections that were open at the
    // last sweep and at most kSweepEvery more.
    if (++created_ % kSweepEvery == 0) {
      for (auto it = connections_.begin(); it != connections_.end();) {
        it = it->second.peer.expired() ? connections_.erase(it) : std::next(it);
      }
    }
    auto state = std::make_shared<ConnectionState>();
    connections_.emplace(peer->getID(), Connection{peer, state});
    return state;
  }

  // Runs on the connection's worker when the client goes away.
  void onDisconnection(const std::shared_ptr<Tcp::Peer>& peer) override {
    connections_.erase(peer->getID());
    Http::Handler::onDisconnection(peer);
  }

  Api* api_;
  // Each worker has its own clone of this handler (Pistache clones it per worker), so the
  // map is only ever touched by one thread. Why not the peer's data, where Pistache keeps
  // its parser: the last reference to a peer is sometimes dropped on Pistache's listener
  // thread, inside uninstrumented code, and ThreadSanitizer then sees our state destroyed
  // there with no ordering against the worker that wrote it. Here it is created and
  // erased on the worker.
  struct Connection {
    std::weak_ptr<Tcp::Peer> peer;
    std::shared_ptr<ConnectionState> state;
  };
  static constexpr size_t kSweepEvery = 256;
  size_t created_ = 0;
  std::unordered_map<size_t, Connection> connections_;
};

void KindredHandler::onInput(const char* buffer, size_t len, const std::shared_ptr<Tcp::Peer>& peer) {
  auto parser = getParser(peer);
  auto conn = connection_state(peer);
  if (conn->closing) return;  // refused and closing: the rest is not a request
  if (!conn->line_complete) {
    size_t room = getMaxRequestSize() > conn->request_line.size() ? getMaxRequestSize() - conn->request_line.size() : 0;
    size_t from = conn->request_line.size() > 0 ? conn->request_line.size() - 1 : 0;  // a CR may end the last read
    conn->request_line.append(buffer, std::min(len, room));
    size_t end = conn->request_line.find("\r\n", from);
    if (end != std::string::npos) {
      conn->request_line.resize(end);
      conn->line_complete = true;
    }
  }
  auto& request = parser->request;
  try {
    if (!parser->feed(buffer, len)) {
      parser->reset();
      conn->reset_line();
      throw Http::HttpError(Http::Code::Request_Entity_Too_Large, "the request is larger than this server accepts");
    }
    if (parser->parse() != Http::Private::State::Done) return;
    auto connection = request.headers().tryGet<Http::Header::Connection>();
    Http::ConnectionControl control = connection ? connection->control()
                                      : request.version() == Http::Version::Http11 ? Http::ConnectionControl::KeepAlive
                                                                                  : Http::ConnectionControl::Close;
    peer->setIdle(false);
    std::string target = conn->line_complete ? conn->request_line : std::string();
    conn->reset_line();
    // The request line is "METHOD SP target SP version": keep the target.
    size_t sp1 = target.find(' ');
    size_t sp2 = sp1 == std::string::npos ? std::string::npos : target.find(' ', sp1 + 1);
    target = sp2 == std::string::npos ? std::string() : target.substr(sp1 + 1, sp2 - sp1 - 1);
    serve(request, target, control, peer, conn);
    parser->reset();
  } catch (const Http::HttpError& err) {
    Http::ResponseWriter response(request.version(), transport(), this, peer);
    // Pistache answers some malformed requests with 5xx (501 for an unknown
    // Transfer-Encoding); they are still the client's fault.
    int status = err.code() >= 400 && err.code() < 500 ? err.code() : 400;
    parser->reset();
    conn->reset_line();
    refuse_and_close(response, peer, *conn, status, status == 413 ? "too_large" : "bad_request", err.reason());
  } catch (const std::exception&) {
    Http::ResponseWriter response(request.version(), transport(), this, peer);
    parser->reset();
    conn->reset_line();
    refuse_and_close(response, peer, *conn, 400, "bad_request", "the request could not be parsed");
  }
}

void KindredHandler::serve(const Http::Request& request, std::string_view target, Http::ConnectionControl control,
                           const std::shared_ptr<Tcp::Peer>& peer, const std::shared_ptr<ConnectionState>& state) {
  const bool head = request.method() == Http::Method::Head;
  std::string_view path = target, query;
  if (size_t q = target.find('?'); q != std::string_view::npos) {
    path = target.substr(0, q);
    query = target.substr(q + 1);
  }
  if (path.empty() || path != request.resource()) {
    // Our copy of the request line and Pistache's parse disagree: never guess.
    put_on_wire(transport(), peer, state, request.version(), control, head,
                error_reply(400, "bad_request", "the request line could not be read"));
    api_->record(RouteId::kOther, 400, 0ns);
    return;
  }
  Request r;
  r.method = Http::methodString(request.method());
  r.path = path;
  r.query = query;
  r.body = request.body();
  // Pistache registers Authorization as a typed header; read it either way.
  if (auto auth = request.headers().tryGet<Http::Header::Authorization>()) {
    r.authorization = auth->value();
  } else if (auto raw = request.headers().tryGetRaw("Authorization")) {
    r.authorization = raw->value();
  }
  if (auto key = request.headers().tryGetRaw("Idempotency-Key")) r.idempotency_key = key->value();
  if (auto accept = request.headers().tryGetRaw("Accept-Encoding")) r.accept_encoding = accept->value();
  if (auto language = request.headers().tryGetRaw("Accept-Language")) r.accept_language = language->value();
  if (auto match = request.headers().tryGetRaw("If-None-Match")) r.if_none_match = match->value();
  r.client = request.address().host();
  put_on_wire(transport(), peer, state, request.version(), control, head, api_->handle(r));
}

}  // namespace

Expected<std::unique_ptr<HttpServer>> HttpServer::start(Api& api, const ServerOptions& options) {
  std::unique_ptr<HttpServer> server(new HttpServer());
  try {
    Address address(options.host, Port(options.port));
    server->endpoint_ = std::make_unique<Http::Endpoint>(address);
    auto opts = Http::Endpoint::options()
                    .threads(static_cast<int>(options.threads))
                    .flags(Tcp::Options::ReuseAddr | Tcp::Options::NoDelay)
                    .maxRequestSize(options.max_request_bytes)
                    .headerTimeout(10s)
                    .bodyTimeout(10s)
                    .keepaliveTimeout(60s);
    server->endpoint_->init(opts);
    server->endpoint_->setHandler(Http::make_handler<KindredHandler>(api));
    server->endpoint_->serveThreaded();
    server->port_ = static_cast<uint16_t>(server->endpoint_->getPort());
    server->running_ = true;
  } catch (const std::exception& e) {
    server->endpoint_.reset();
    return make_error(ErrorCode::kIo,
                      "cannot listen on " + options.host + ":" + std::to_string(options.port) + ": " + e.what());
  }
  return Expected<std::unique_ptr<HttpServer>>(std::move(server));
}

HttpServer::~HttpServer() { shutdown(); }

void HttpServer::shutdown() {
  if (!running_) return;
  running_ = false;
  endpoint_->shutdown();
  endpoint_.reset();  // joins the accept thread
}

}  // namespace kindred::http
