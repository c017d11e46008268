// @brief Fuzz target: a raw query string (what follows '?', as the server receives it)
// -> parse_search_params, decode_query, query_param and only_params.
//
// search_params.h promises: never a crash, whatever the bytes; a SearchRequest or a
// kInvalidArgument whose message names the parameter and is valid UTF-8. Checked here,
// with the ranges it promises for what it accepts.
#include <algorithm>
#include <cmath>

#include "core/base/utf8.h"
#include "core/search/search_params.h"
#include "tests/fuzz/fuzz_support.h"

namespace {

using namespace kindred;

void check_refusal(const Error& e) {
  KINDRED_FUZZ_CHECK(e.code == ErrorCode::kInvalidArgument);
  KINDRED_FUZZ_CHECK(!e.message.empty());
  KINDRED_FUZZ_CHECK(is_valid_utf8(e.message));
  KINDRED_FUZZ_CHECK(e.message.find(": ") != std::string::npos);  // "name: what is wrong"
}

bool finite_or_absent(const std::optional<double>& v) {
  return !v || std::isfinite(*v);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view raw = fuzz::as_text(data, size);
  auto req = parse_search_params(raw);
  if (req) {
    KINDRED_FUZZ_CHECK(is_valid_utf8(req->q) && is_valid_utf8(req->near));
    KINDRED_FUZZ_CHECK(req->near.size() <= kMaxNearBytes);
    KINDRED_FUZZ_CHECK(req->page >= 1 && req->page <= kMaxPage);
    KINDRED_FUZZ_CHECK(req->per_page >= 1 && req->per_page <= kMaxPerPage);
    KINDRED_FUZZ_CHECK(finite_or_absent(req->lat) && finite_or_absent(req->lon) &&
                       finite_or_absent(req->radius_km));
    for (const auto& [name, filter] : req->filters) {
      KINDRED_FUZZ_CHECK(std::find(search_facet_names().begin(), search_facet_names().end(),
                                   name) != search_facet_names().end());
      for (const auto& v : filter.include) KINDRED_FUZZ_CHECK(!v.empty() && is_valid_utf8(v));
      for (const auto& v : filter.exclude) KINDRED_FUZZ_CHECK(!v.empty() && is_valid_utf8(v));
    }
  } else {
    check_refusal(req.error());
  }
  // The helpers the other routes use (places, exports) see the same bytes.
  auto pairs = decode_query(raw);
  if (pairs) {
    for (const auto& p : *pairs)
      KINDRED_FUZZ_CHECK(!p.name.empty() && is_valid_utf8(p.name) && is_valid_utf8(p.value));
  } else {
    check_refusal(pairs.error());
  }
  if (auto q = query_param(raw, "q"); !q) check_refusal(q.error());
  if (auto s = only_params(raw, {"q", "limit"}); !s) check_refusal(s.error());
  return 0;
}
