// @brief The one error type of Kindred: a code, a message, and optional details.
//
// Core functions never throw across their API: they return Expected<T> (a value or an
// Error). Library exceptions (Xapian, RapidJSON, std) are caught inside core and
// converted here. Front ends map ErrorCode to an exit code or an HTTP status in one
// place each.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace kindred {

enum class ErrorCode {
  kInvalidArgument,  // the caller's input is wrong (HTTP 400/422, exit 1 or 2)
  kNotFound,         // no such listing, file or place (HTTP 404)
  kIo,               // reading or writing a file failed
  kCorrupt,          // a data file exists but is not what it should be
  kInternal,         // a bug or a library failure we did not expect
  kInvalidListing,   // a listing that breaks the contract; details has every problem (422)
  kUnauthorized,     // no credentials, or ones that are not (or no longer) valid (401)
  kForbidden,        // valid credentials, but not for this (403)
  kConflict,         // the thing changed or was decided meanwhile (409)
  kTooLarge,         // more input than accepted (413)
  kRateLimited,      // too many attempts; try again later (429)
};

// One problem with one piece of input: where (a JSON path such as
// "listings[3].location.region") and what.
struct Problem {
  std::string path;
  std::string message;
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  std::vector<Problem> details;  // every problem, when there are several
};

inline Error make_error(ErrorCode code, std::string message) {
  return Error{code, std::move(message), {}};
}

// A value or an Error. Check ok() before value(); error() only when !ok().
template <typename T>
class Expected {
 public:
  Expected(T value) : v_(std::move(value)) {}         // NOLINT: implicit by design
  Expected(Error error) : v_(std::move(error)) {}     // NOLINT: implicit by design
  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { assert(ok()); return std::get<0>(v_); }
  const T& value() const& { assert(ok()); return std::get<0>(v_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
  const Error& error() const { assert(!ok()); return std::get<1>(v_); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Error> v_;
};

// For operations that return nothing but may fail.
struct Ok {};
using Status = Expected<Ok>;

}  // namespace kindred
