// @brief Telling systemd that the server is ready (the sd_notify protocol, without libsystemd).
//
// A unit with Type=notify (deploy/systemd/) starts the next unit only once the server has
// loaded its index and listens: systemd passes a datagram socket in $NOTIFY_SOCKET and
// waits for "READY=1" on it. Without that variable (a shell, a test, another supervisor)
// nothing is sent.
#pragma once

#include <string>

namespace kindred::http {

// Sends "READY=1" to $NOTIFY_SOCKET. Returns false if the variable is set but the message
// could not be sent (the caller goes on serving either way); true otherwise.
bool notify_ready();

// The same to a given socket path ('@' first: an abstract socket), for tests.
bool notify_ready_to(const std::string& socket_path);

}  // namespace kindred::http
