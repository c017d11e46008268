// @brief A private PostgreSQL 15 server for the benchmark peer: initdb in a temporary
// directory, listening only on a unix socket there, stopped and removed on exit.
//
// Nothing is shared with a system PostgreSQL: its own data directory, no TCP port, its
// own socket. PostgreSQL refuses to run as root, so when we are root the server programs
// run as the unprivileged `postgres` account (the one Debian's postgresql-15 package
// creates) and the temporary directory is handed to it.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <libpq-fe.h>

#include "core/base/error.h"

namespace kindred::bench {

struct PgServerOptions {
  std::string workdir = "/tmp";                         // where the temporary directory goes
  std::string bindir = "/usr/lib/postgresql/15/bin";   // initdb, pg_ctl, postgres
  std::string run_as = "postgres";                     // the account used when we are root
  // Server settings for a 2-core / 24 GB machine (postgresql.conf lines).
  std::vector<std::string> settings = {
      "shared_buffers = 2GB", "work_mem = 64MB", "maintenance_work_mem = 1GB",
      "effective_cache_size = 16GB", "random_page_cost = 1.1", "max_wal_size = 8GB",
      // COPY into a table created in the same transaction then skips WAL; the data is
      // still fsynced at commit, so durability is untouched (fsync stays on).
      "wal_level = minimal", "max_wal_senders = 0",
      // JIT compiles plans costed above 100k, adding tens of ms to exactly the queries
      // a search front end wants fast; a tuned search deployment turns it off.
      "jit = off"};
};

// One running server. Thread-compatible; one per process (it installs signal handlers
// that stop it on SIGINT/SIGTERM/SIGHUP).
class PgServer {
 public:
  // initdb + pg_ctl start; waits until it accepts connections. On failure nothing is left
  // behind and the error carries the tail of the server's log.
  static Expected<std::unique_ptr<PgServer>> start(const PgServerOptions& options);
  ~PgServer();  // pg_ctl stop -m fast, then removes the temporary directory
  PgServer(const PgServer&) = delete;
  PgServer& operator=(const PgServer&) = delete;

  std::string conninfo() const;  // for PQconnectdb
  const std::string& dir() const { return dir_; }

 private:
  PgServer() = default;
  void stop();

  std::string dir_;      // the temporary directory: data/, the socket, server.log
  std::string bindir_;
  int uid_ = -1, gid_ = -1;  // the account the server runs as; -1: ourselves
  bool running_ = false;
};

// A libpq connection that closes itself.
struct PgConnCloser {
  void operator()(PGconn* c) const { PQfinish(c); }
};
using PgConn = std::unique_ptr<PGconn, PgConnCloser>;

Expected<PgConn> pg_connect(const std::string& conninfo);

// Runs one or more statements; kInternal with the server's message if any fails.
Status pg_exec(PGconn* conn, const std::string& sql);

// Runs one statement and returns its single value (the first column of the first row).
Expected<std::string> pg_value(PGconn* conn, const std::string& sql);

// A SQL string literal: 'it''s'. Rejects nothing; NUL bytes are dropped.
std::string sql_literal(const std::string& text);

}  // namespace kindred::bench
