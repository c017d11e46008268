// @brief For the cluster tests: a long-running helper process (xapian-replicate-server,
// xapian-replicate, nginx) that dies with the test, a free loopback port, an environment
// variable set for one test, and waiting for a condition.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <chrono>
#include <functional>
#include <string>
#include <vector>

namespace kindred::test {

// A port nothing listens on just now (bound and released; a tiny race we accept in tests).
uint16_t free_port();

// Runs `argv` (argv[0] a path, or a name looked up in PATH) with stdout and stderr
// appended to `log`, in a process group of its own. Its group is killed (SIGTERM, then
// the process waited for) by stop() or the destructor.
class Daemon {
 public:
  Daemon(const std::vector<std::string>& argv, const std::string& log);
  ~Daemon() { stop(SIGTERM); }
  Daemon(const Daemon&) = delete;
  Daemon& operator=(const Daemon&) = delete;
  int stop(int signal);  // the wait status; 0 if already stopped
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
};

// Sets an environment variable for the test's lifetime (children inherit it).
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value);
  ~ScopedEnv();
  ScopedEnv(const ScopedEnv&) = delete;
  ScopedEnv& operator=(const ScopedEnv&) = delete;

 private:
  std::string name_;
};

// {"listing": ...}: a new listing of the fixture college with id `id`, findable by the word
// `mark` in its description (synthetic test data).
std::string new_college_listing(const std::string& id, const std::string& mark);

struct StoreFixture;
// Submits new_college_listing(id, mark) as the fixture's college maintainer and approves it
// as its moderator, on the server at `port`; true if both were accepted.
bool submit_and_approve(const StoreFixture& f, uint16_t port, const std::string& id, const std::string& mark);

// Polls `done` every 20 ms until it is true (returns how long it took) or `limit` passes
// (returns limit + 1 ms).
std::chrono::milliseconds wait_until(const std::function<bool()>& done, std::chrono::milliseconds limit);

}  // namespace kindred::test
