// @brief Helper processes and waiting for the cluster tests (see cluster_support.h).
#include "tests/cluster_support.h"

#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <thread>

#include "core/base/json_util.h"
#include "tests/store_support.h"

namespace kindred::test {

uint16_t free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  uint16_t port = 0;
  if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0) {
    port = ntohs(addr.sin_port);
  }
  if (fd >= 0) ::close(fd);
  return port;
}

Daemon::Daemon(const std::vector<std::string>& argv, const std::string& log) {
  pid_ = ::fork();
  if (pid_ == 0) {
    ::prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive a test that crashed
    // A group of its own: xapian-replicate-server answers SIGTERM by sending it to its
    // whole process group, which must not be the test's.
    ::setpgid(0, 0);
    int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    if (fd >= 0) {
      ::dup2(fd, STDOUT_FILENO);
      ::dup2(fd, STDERR_FILENO);
    }
    std::vector<std::string> args = argv;
    std::vector<char*> cargv;
    for (auto& a : args) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    ::execvp(cargv[0], cargv.data());
    _exit(127);
  }
  if (pid_ > 0) ::setpgid(pid_, pid_);  // as the child does: whichever runs first
}

int Daemon::stop(int signal) {
  if (pid_ <= 0) return 0;
  ::kill(-pid_, signal);  // the process and any it forked (its group)
  int status = 0;
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return status;
}

ScopedEnv::ScopedEnv(const char* name, const char* value) : name_(name) { ::setenv(name, value, 1); }
ScopedEnv::~ScopedEnv() { ::unsetenv(name_.c_str()); }

std::string new_college_listing(const std::string& id, const std::string& mark) {
  rapidjson::Document doc = fixture_listing("fixture-calgary-recovery-college");
  doc["id"].SetString(id.c_str(), static_cast<rapidjson::SizeType>(id.size()), doc.GetAllocator());
  std::string description = "Synthetic cluster test listing " + mark + ".";
  doc["description"].SetString(description.c_str(), static_cast<rapidjson::SizeType>(description.size()),
                               doc.GetAllocator());
  return "{\"listing\":" + to_json(doc) + "}";
}

bool submit_and_approve(const StoreFixture& f, uint16_t port, const std::string& id, const std::string& mark) {
  auto q = http_send(port, "POST", "/api/v1/submissions", new_college_listing(id, mark), {bearer(f.college)});
  rapidjson::Document d;
  if (q.status != 202 || !parse_json(q.body, d).ok()) return false;
  auto a = http_send(port, "POST", "/api/v1/submissions/" + std::to_string(d["submission"]["id"].GetInt64()) + "/approve",
                     "", {bearer(f.mod)});
  return a.status == 200;
}

std::chrono::milliseconds wait_until(const std::function<bool()>& done, std::chrono::milliseconds limit) {
  auto start = std::chrono::steady_clock::now();
  for (;;) {
    auto spent = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start);
    if (done()) return spent;
    if (spent > limit) return limit + std::chrono::milliseconds(1);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace kindred::test
