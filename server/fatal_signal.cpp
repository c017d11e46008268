// @brief See fatal_signal.h. Only async-signal-safe calls in the handler: write(2),
// backtrace_symbols_fd (which writes, without malloc) and raise; backtrace() itself is
// called once at install time, because its first call loads libgcc (which allocates).
#include "server/fatal_signal.h"

#include <execinfo.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <initializer_list>

namespace kindred::http {
namespace {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#else
constexpr bool kSanitized = false;
#endif

const char* g_program = "kindred";

void say(const char* text) {
  ssize_t ignored = write(STDERR_FILENO, text, strlen(text));
  (void)ignored;
}

void on_fatal_signal(int sig) {
  say(g_program);
  say(": fatal signal ");
  const char* name = sig == SIGSEGV ? "SIGSEGV" : sig == SIGBUS ? "SIGBUS" : sig == SIGFPE ? "SIGFPE" : "SIGILL";
  say(name);
  say("; stack (innermost first):\n");
  void* frames[64];
  int n = backtrace(frames, 64);
  backtrace_symbols_fd(frames, n, STDERR_FILENO);
  // SA_RESETHAND restored the default action: dying of the same signal keeps the exit
  // status and the core dump what they would have been.
  raise(sig);
}

}  // namespace

bool fatal_signals_reported() { return !kSanitized; }

void report_fatal_signals(const char* program) {
  if (!fatal_signals_reported()) return;
  g_program = program;
  void* warm[1];
  backtrace(warm, 1);
  struct sigaction sa {};
  sa.sa_handler = on_fatal_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESETHAND | SA_NODEFER;
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL}) sigaction(sig, &sa, nullptr);
}

}  // namespace kindred::http
