// @brief kindred-bench-http: HTTP latency at a stated offered rate, open loop.
// Usage: kindred-bench-http --port P --paths FILE --rate R [--duration S] [--connections C]
//                           [--host 127.0.0.1] [--seed N] [--out FILE.json]
//
// Why not only wrk (issue 16, "HTTP p99"): wrk is a closed loop. Each of its connections
// sends its next request when the last answer arrives, so with 64 connections there are
// always 64 requests in the server, and by Little's law the mean latency is 64 divided by
// the throughput, whatever one request costs. That measures the server saturated. A
// latency target means latency at a load: here requests arrive as a Poisson stream at R
// a second (independent people searching), whether or not earlier answers have come
// back, and each request's latency is counted from the moment it was due, not from when
// a free connection sent it. A stall therefore counts against every request it delayed
// ("coordinated omission" is avoided, as wrk2 does).
//
// Requests take the paths of FILE in turn (one request path a line, as
// kindred-bench-search --paths writes them), over up to C keep-alive connections (default
// 64); a request due while all are busy waits in a queue, and that wait is part of its
// latency. After --duration seconds (default 20) no new request is due; those in flight
// get 10 s more, and any still unanswered then count with the time they had waited.
// Prints a summary and writes {offered_per_s, achieved_per_s, p50_ms, p90_ms, p99_ms,
// p999_ms, max_ms, sent, answered, non_2xx, errors, unfinished, ...} to --out.
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fstream>
#include <iostream>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "bench/percentile.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
  std::string host = "127.0.0.1";
  int port = 0;
  std::string paths_file;
  std::string out_file;
  double rate = 0;
  double duration_s = 20;
  int connections = 64;
  uint64_t seed = 1;
};

// One keep-alive connection. `due` is when its request in flight was due (empty: idle).
struct Connection {
  int fd = -1;
  std::optional<Clock::time_point> due;
  std::string in;  // bytes of the answer read so far
};

struct Tally {
  std::vector<double> latency_ms;  // answered requests and, at the end, unfinished ones
  uint64_t sent = 0, answered = 0, non_2xx = 0, errors = 0, unfinished = 0;
};

[[noreturn]] void fail(const std::string& what) {
  std::cerr << "kindred-bench-http: " << what << "\n";
  std::exit(1);
}

const char* kUsage =
    "usage: kindred-bench-http --port P --paths FILE --rate R [--duration S] [--connections C]\n"
    "                          [--host 127.0.0.1] [--seed N] [--out FILE.json]\n";

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; i += 2) {
    std::string a = argv[i];
    if (i + 1 >= argc) fail(a + " needs a value\n" + kUsage);
    std::string v = argv[i + 1];
    if (a == "--host") o.host = v;
    else if (a == "--port") o.port = std::atoi(v.c_str());
    else if (a == "--paths") o.paths_file = v;
    else if (a == "--out") o.out_file = v;
    else if (a == "--rate") o.rate = std::atof(v.c_str());
    else if (a == "--duration") o.duration_s = std::atof(v.c_str());
    else if (a == "--connections") o.connections = std::atoi(v.c_str());
    else if (a == "--seed") o.seed = std::strtoull(v.c_str(), nullptr, 10);
    else fail("unknown option " + a + "\n" + kUsage);
  }
  if (o.port <= 0 || o.port > 65535) fail(std::string("--port must be 1..65535\n") + kUsage);
  if (o.paths_file.empty()) fail(std::string("--paths is required\n") + kUsage);
  if (!(o.rate > 0)) fail(std::string("--rate must be a positive number of requests a second\n") + kUsage);
  if (!(o.duration_s > 0)) fail(std::string("--duration must be positive\n") + kUsage);
  if (o.connections < 1 || o.connections > 4096) fail(std::string("--connections must be 1..4096\n") + kUsage);
  return o;
}

std::vector<std::string> read_requests(const Options& o) {
  std::ifstream in(o.paths_file);
  if (!in) fail("cannot read " + o.paths_file);
  std::vector<std::string> requests;
  for (std::string line; std::getline(in, line);) {
    if (line.empty()) continue;
    requests.push_back("GET " + line + " HTTP/1.1\r\nHost: " + o.host + "\r\nConnection: keep-alive\r\n\r\n");
  }
  if (requests.empty()) fail(o.paths_file + " holds no request paths");
  return requests;
}

int open_connection(const Options& o) {
  // Connected blocking (on loopback at once), then made non-blocking for the event loop,
  // so a request is never sent on a socket still connecting.
  int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) fail(std::string("socket: ") + std::strerror(errno));
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(o.port));
  if (::inet_pton(AF_INET, o.host.c_str(), &addr.sin_addr) != 1) fail("--host must be an IPv4 address: " + o.host);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) < 0) {
    fail("connect to " + o.host + ":" + std::to_string(o.port) + ": " + std::strerror(errno));
  }
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
  return fd;
}

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// The status and the whole answer's length once its header is in, or nullopt while more
// bytes are needed. Kindred always sends Content-Length (server/http_server.cpp); an
// answer without one is an error here rather than read to the connection's end.
struct Head {
  int status;
  size_t total;
  bool close;
};
std::optional<Head> parse_head(const std::string& in, bool* bad) {
  size_t end = in.find("\r\n\r\n");
  if (end == std::string::npos) return std::nullopt;
  Head h{0, 0, false};
  if (in.compare(0, 5, "HTTP/") != 0 || in.size() < 12) {
    *bad = true;
    return std::nullopt;
  }
  h.status = std::atoi(in.c_str() + 9);
  std::string head = in.substr(0, end);
  std::transform(head.begin(), head.end(), head.begin(), [](unsigned char c) { return std::tolower(c); });
  size_t cl = head.find("\r\ncontent-length:");
  if (cl == std::string::npos) {
    *bad = true;
    return std::nullopt;
  }
  h.total = end + 4 + std::strtoull(head.c_str() + cl + 17, nullptr, 10);
  h.close = head.find("\r\nconnection: close") != std::string::npos;
  return h;
}

}  // namespace

int main(int argc, char** argv) {
  const Options o = parse(argc, argv);
  const std::vector<std::string> requests = read_requests(o);

  int ep = ::epoll_create1(EPOLL_CLOEXEC);
  int timer = ::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (ep < 0 || timer < 0) fail(std::string("epoll/timerfd: ") + std::strerror(errno));
  epoll_event tev{};
  tev.events = EPOLLIN;
  tev.data.u64 = UINT64_MAX;
  ::epoll_ctl(ep, EPOLL_CTL_ADD, timer, &tev);

  std::vector<Connection> conns(static_cast<size_t>(o.connections));
  auto connect_slot = [&](size_t i) {
    conns[i].fd = open_connection(o);
    conns[i].in.clear();
    epoll_event ev{};
    ev.events = EPOLLIN | EPOLLRDHUP;
    ev.data.u64 = i;
    ::epoll_ctl(ep, EPOLL_CTL_ADD, conns[i].fd, &ev);
  };
  for (size_t i = 0; i < conns.size(); ++i) connect_slot(i);
  // Free connections in turn (first freed, first reused), as many people's browsers each
  // with its own connection would be: no one connection, and so no one server thread,
  // takes every request of a light load.
  std::deque<size_t> idle;
  for (size_t i = 0; i < conns.size(); ++i) idle.push_back(i);

  // Poisson arrivals: exponential gaps with mean 1/R, from a fixed seed.
  std::mt19937_64 rng(o.seed);
  std::exponential_distribution<double> gap_s(o.rate);
  const Clock::time_point start = Clock::now() + std::chrono::milliseconds(100);  // connections settle
  const Clock::time_point stop_due = start + std::chrono::duration_cast<Clock::duration>(
                                                 std::chrono::duration<double>(o.duration_s));
  const Clock::time_point give_up = stop_due + std::chrono::seconds(10);
  Clock::time_point next_due = start;
  std::deque<Clock::time_point> waiting;  // due, no free connection yet
  size_t next_request = 0;
  Tally t;
  t.latency_ms.reserve(static_cast<size_t>(o.rate * o.duration_s * 1.1) + 16);

  auto arm_timer = [&](Clock::time_point when) {
    auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(when.time_since_epoch()).count();
    itimerspec spec{};
    spec.it_value.tv_sec = ns / 1000000000;
    spec.it_value.tv_nsec = ns % 1000000000;
    if (spec.it_value.tv_sec == 0 && spec.it_value.tv_nsec == 0) spec.it_value.tv_nsec = 1;
    // steady_clock is CLOCK_MONOTONIC on Linux with libstdc++.
    ::timerfd_settime(timer, TFD_TIMER_ABSTIME, &spec, nullptr);
  };
  auto send_on = [&](size_t i, Clock::time_point due) {
    const std::string& req = requests[next_request++ % requests.size()];
    conns[i].due = due;
    ++t.sent;
    // A request is a few hundred bytes; a fresh or idle socket's buffer takes it whole.
    ssize_t n = ::send(conns[i].fd, req.data(), req.size(), MSG_NOSIGNAL);
    if (n != static_cast<ssize_t>(req.size())) {
      ++t.errors;
      conns[i].due.reset();
      ::close(conns[i].fd);
      connect_slot(i);
      idle.push_back(i);
    }
  };
  auto dispatch = [&] {
    while (!waiting.empty() && !idle.empty()) {
      size_t i = idle.front();
      idle.pop_front();
      Clock::time_point due = waiting.front();
      waiting.pop_front();
      send_on(i, due);
    }
  };
  auto in_flight = [&] { return conns.size() - idle.size(); };

  arm_timer(next_due);
  std::vector<epoll_event> events(conns.size() + 1);
  char buf[65536];
  while (true) {
    Clock::time_point now = Clock::now();
    while (next_due <= now && next_due < stop_due) {
      waiting.push_back(next_due);
      next_due += std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(gap_s(rng)));
    }
    dispatch();
    if (next_due >= stop_due && waiting.empty() && in_flight() == 0) break;
    if (now >= give_up) break;
    arm_timer(next_due < stop_due ? next_due : give_up);
    int n = ::epoll_wait(ep, events.data(), static_cast<int>(events.size()), -1);
    if (n < 0 && errno != EINTR) fail(std::string("epoll_wait: ") + std::strerror(errno));
    for (int k = 0; k < n; ++k) {
      if (events[k].data.u64 == UINT64_MAX) {
        uint64_t expirations;
        while (::read(timer, &expirations, sizeof expirations) > 0) {}
        continue;
      }
      size_t i = events[k].data.u64;
      Connection& c = conns[i];
      bool broken = false, bad = false;
      while (true) {
        ssize_t r = ::recv(c.fd, buf, sizeof buf, 0);
        if (r > 0) {
          c.in.append(buf, static_cast<size_t>(r));
          continue;
        }
        if (r == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) broken = true;
        break;
      }
      std::optional<Head> head = parse_head(c.in, &bad);
      if (head && c.in.size() >= head->total && c.due) {
        Clock::time_point done = Clock::now();
        t.latency_ms.push_back(ms_between(*c.due, done));
        ++t.answered;
        if (head->status < 200 || head->status > 299) ++t.non_2xx;
        c.in.erase(0, head->total);
        c.due.reset();
        if (head->close) broken = true;
        else if (!broken) idle.push_back(i);
      }
      if (bad || broken) {
        if (c.due) ++t.errors;  // the answer never came whole
        bool was_idle = !c.due && std::find(idle.begin(), idle.end(), i) != idle.end();
        c.due.reset();
        ::epoll_ctl(ep, EPOLL_CTL_DEL, c.fd, nullptr);
        ::close(c.fd);
        connect_slot(i);
        if (!was_idle) idle.push_back(i);
      }
    }
  }
  // Whatever is still waiting or in flight counts with the time it has waited so far.
  Clock::time_point end = Clock::now();
  for (auto due : waiting) {
    t.latency_ms.push_back(ms_between(due, end));
    ++t.unfinished;
  }
  for (auto& c : conns) {
    if (c.due) {
      t.latency_ms.push_back(ms_between(*c.due, end));
      ++t.unfinished;
    }
  }
  const double span_s = std::chrono::duration<double>(end - start).count();
  const double achieved = static_cast<double>(t.answered) / span_s;
  std::sort(t.latency_ms.begin(), t.latency_ms.end());
  auto at = [&t](double p) { return kindred::bench::percentile_of_sorted(t.latency_ms, p); };
  const double p50 = at(0.50), p90 = at(0.90), p99 = at(0.99), p999 = at(0.999),
               mx = t.latency_ms.empty() ? 0 : t.latency_ms.back();
  char line[512];
  std::snprintf(line, sizeof line,
                "offered %.0f/s (Poisson, %d connections): answered %llu of %llu in %.1f s (%.0f/s); "
                "p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms; non-2xx %llu, errors %llu, "
                "unfinished %llu\n",
                o.rate, o.connections, static_cast<unsigned long long>(t.answered),
                static_cast<unsigned long long>(t.sent + waiting.size()), span_s, achieved, p50, p90, p99, p999, mx,
                static_cast<unsigned long long>(t.non_2xx), static_cast<unsigned long long>(t.errors),
                static_cast<unsigned long long>(t.unfinished));
  std::cout << line;
  if (!o.out_file.empty()) {
    std::ofstream out(o.out_file);
    char json[1024];
    std::snprintf(json, sizeof json,
                  "{\"tool\":\"kindred-bench-http\",\"arrivals\":\"poisson\",\"offered_per_s\":%.3f,"
                  "\"connections\":%d,\"duration_s\":%.3f,\"sent\":%llu,\"answered\":%llu,\"achieved_per_s\":%.3f,"
                  "\"p50_ms\":%.3f,\"p90_ms\":%.3f,\"p99_ms\":%.3f,\"p999_ms\":%.3f,\"max_ms\":%.3f,"
                  "\"non_2xx\":%llu,\"errors\":%llu,\"unfinished\":%llu}\n",
                  o.rate, o.connections, o.duration_s, static_cast<unsigned long long>(t.sent + waiting.size()),
                  static_cast<unsigned long long>(t.answered), achieved, p50, p90, p99, p999, mx,
                  static_cast<unsigned long long>(t.non_2xx), static_cast<unsigned long long>(t.errors),
                  static_cast<unsigned long long>(t.unfinished));
    out << json;
    if (!out) fail("cannot write " + o.out_file);
  }
  return t.errors > 0 || t.unfinished > 0 ? 2 : 0;
}
