// @brief A stack trace on stderr when the server dies of a fatal signal (SIGSEGV, SIGBUS,
// SIGFPE, SIGILL), so a crash seen once under load leaves more than "Segmentation fault"
// in the service's log. The trace is raw frames (module and offset: `addr2line -e BINARY
// -f -C OFFSET` names them); the signal is then re-raised, so the process still dies with
// it and a core dump, if enabled, is still written.
// Not installed under AddressSanitizer or ThreadSanitizer: their own reports are better,
// and a handler of ours would hide them.
#pragma once

namespace kindred::http {

// Installs the handler for the whole process. Call once, early in main(); `program` must
// outlive the process (a string literal).
void report_fatal_signals(const char* program);

// Whether report_fatal_signals installs anything in this build (false under sanitizers).
bool fatal_signals_reported();

}  // namespace kindred::http
