// @brief The benchmark's private PostgreSQL server (see pg_peer_server.h).
#include "bench/pg_peer_server.h"

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace kindred::bench {
namespace {

namespace fs = std::filesystem;

// What a signal handler needs to stop the server, prepared before it can run: only
// async-signal-safe calls (fork, execv, waitpid, _exit) happen inside the handler. This
// is the one piece of process-wide state here, because a signal has no other way in.
struct SignalCleanup {
  std::vector<std::string> stop_args, rm_args;
  std::vector<char*> stop_argv, rm_argv;
  int uid = -1, gid = -1;
  volatile sig_atomic_t armed = 0;
};
SignalCleanup g_cleanup;

void become(int uid, int gid) {
  if (uid < 0) return;
  // Drop root's supplementary groups first, then the group, then the user: in that order
  // each step is still permitted.
  if (::setgroups(0, nullptr) != 0 || ::setgid(static_cast<gid_t>(gid)) != 0 ||
      ::setuid(static_cast<uid_t>(uid)) != 0) {
    ::_exit(126);
  }
}

// Runs argv[0] with output to `log` (appended), as uid/gid when given; the exit status.
int run(const std::vector<std::string>& args, const std::string& log, int uid, int gid) {
  std::vector<char*> argv;
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = ::fork();
  if (pid < 0) return -1;
  if (pid == 0) {
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      ::close(fd);
    }
    become(uid, gid);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

void on_signal(int sig) {
  if (g_cleanup.armed) {
    g_cleanup.armed = 0;
    for (auto* argv : {&g_cleanup.stop_argv, &g_cleanup.rm_argv}) {
      pid_t pid = ::fork();
      if (pid == 0) {
        if (argv == &g_cleanup.stop_argv) become(g_cleanup.uid, g_cleanup.gid);
        ::execv((*argv)[0], argv->data());
        ::_exit(127);
      }
      if (pid > 0) ::waitpid(pid, nullptr, 0);
    }
  }
  ::_exit(128 + sig);
}

void arm_signal_cleanup(const std::vector<std::string>& stop_args, const std::string& dir, int uid, int gid) {
  g_cleanup.stop_args = stop_args;
  g_cleanup.rm_args = {"/bin/rm", "-rf", dir};
  auto point = [](std::vector<std::string>& args, std::vector<char*>& argv) {
    argv.clear();
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
  };
  point(g_cleanup.stop_args, g_cleanup.stop_argv);
  point(g_cleanup.rm_args, g_cleanup.rm_argv);
  g_cleanup.uid = uid;
  g_cleanup.gid = gid;
  g_cleanup.armed = 1;
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(sig, &sa, nullptr);
}

std::string tail(const std::string& path, size_t bytes = 2000) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  std::string text = s.str();
  return text.size() > bytes ? text.substr(text.size() - bytes) : text;
}

}  // namespace

Expected<std::unique_ptr<PgServer>> PgServer::start(const PgServerOptions& options) {
  std::unique_ptr<PgServer> server(new PgServer());
  server->bindir_ = options.bindir;
  if (!fs::exists(options.bindir + "/initdb")) {
    return make_error(ErrorCode::kNotFound, options.bindir + "/initdb: not found (apt-get install postgresql-15)");
  }
  if (::geteuid() == 0) {
    const passwd* pw = ::getpwnam(options.run_as.c_str());
    if (!pw) return make_error(ErrorCode::kNotFound, "no account \"" + options.run_as + "\" to run PostgreSQL as");
    server->uid_ = static_cast<int>(pw->pw_uid);
    server->gid_ = static_cast<int>(pw->pw_gid);
  }
  std::string tmpl = options.workdir + "/kindred-pg-XXXXXX";
  if (!::mkdtemp(tmpl.data())) {
    return make_error(ErrorCode::kIo, options.workdir + ": cannot create a temporary directory: " + std::strerror(errno));
  }
  server->dir_ = tmpl;  // from here on the destructor removes it
  if (server->uid_ >= 0 &&
      ::chown(server->dir_.c_str(), static_cast<uid_t>(server->uid_), static_cast<gid_t>(server->gid_)) != 0) {
    return make_error(ErrorCode::kIo, server->dir_ + ": chown: " + std::strerror(errno));
  }
  const std::string data = server->dir_ + "/data", log = server->dir_ + "/server.log";
  // The log must be writable by the server's account too.
  { std::ofstream(log.c_str()); }
  if (server->uid_ >= 0 &&
      ::chown(log.c_str(), static_cast<uid_t>(server->uid_), static_cast<gid_t>(server->gid_)) != 0) {
    return make_error(ErrorCode::kIo, log + ": chown: " + std::strerror(errno));
  }
  // --no-sync only skips flushing initdb's template files: the measured load is durable.
  int rc = run({options.bindir + "/initdb", "-D", data, "-U", "kindred", "--auth=trust", "-E", "UTF8",
                "--locale=C", "--no-sync"},
               log, server->uid_, server->gid_);
  if (rc != 0) {
    return make_error(ErrorCode::kInternal, "initdb failed (is " + options.workdir +
                                                " reachable by the server's account?):\n" + tail(log));
  }
  {
    std::ofstream conf(data + "/postgresql.conf", std::ios::app);
    conf << "\n# kindred-bench-pg\nlisten_addresses = ''\nunix_socket_directories = '" << server->dir_ << "'\n";
    for (const auto& s : options.settings) conf << s << "\n";
    if (!conf) return make_error(ErrorCode::kIo, data + "/postgresql.conf: cannot write");
  }
  std::vector<std::string> stop_args = {options.bindir + "/pg_ctl", "-D", data, "-m", "fast", "-w", "stop"};
  arm_signal_cleanup(stop_args, server->dir_, server->uid_, server->gid_);
  rc = run({options.bindir + "/pg_ctl", "-D", data, "-l", log, "-w", "-t", "120", "start"}, log, server->uid_,
           server->gid_);
  server->running_ = true;  // a failed start may still have left a postmaster behind
  if (rc != 0) return make_error(ErrorCode::kInternal, "pg_ctl start failed:\n" + tail(log));
  return server;
}

void PgServer::stop() {
  if (!running_) return;
  running_ = false;
  run({bindir_ + "/pg_ctl", "-D", dir_ + "/data", "-m", "fast", "-w", "stop"}, "/dev/null", uid_, gid_);
}

PgServer::~PgServer() {
  stop();
  g_cleanup.armed = 0;
  if (!dir_.empty()) {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
}

std::string PgServer::conninfo() const {
  return "host=" + dir_ + " user=kindred dbname=postgres application_name=kindred-bench-pg";
}

Expected<PgConn> pg_connect(const std::string& conninfo) {
  PgConn conn(PQconnectdb(conninfo.c_str()));
  if (!conn || PQstatus(conn.get()) != CONNECTION_OK) {
    return make_error(ErrorCode::kIo, std::string("connecting to PostgreSQL: ") +
                                          (conn ? PQerrorMessage(conn.get()) : "out of memory"));
  }
  return conn;
}

Status pg_exec(PGconn* conn, const std::string& sql) {
  // PQexec runs several statements in one round trip and returns the last result; an
  // error stops the batch and is what comes back.
  PGresult* r = PQexec(conn, sql.c_str());
  ExecStatusType st = PQresultStatus(r);
  bool ok = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK;
  std::string message = ok ? "" : PQresultErrorMessage(r);
  PQclear(r);
  if (!ok) return make_error(ErrorCode::kInternal, message + "in: " + sql.substr(0, 400));
  return Ok{};
}

Expected<std::string> pg_value(PGconn* conn, const std::string& sql) {
  PGresult* r = PQexec(conn, sql.c_str());
  if (PQresultStatus(r) != PGRES_TUPLES_OK || PQntuples(r) < 1) {
    std::string message = PQresultErrorMessage(r);
    PQclear(r);
    return make_error(ErrorCode::kInternal, message + "in: " + sql.substr(0, 400));
  }
  std::string v = PQgetvalue(r, 0, 0);
  PQclear(r);
  return v;
}

std::string sql_literal(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\0') continue;
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

}  // namespace kindred::bench
