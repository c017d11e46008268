// @brief Raw URL query strings -> typed requests: percent-decoding, strict numbers, and
// the search API's parameters (design.md), with no HTTP in it.
//
// A raw query is what follows '?' in a request target, exactly as received (HTTP servers
// such as Pistache 0.0.5 neither decode it nor keep repeated parameters). Pairs are
// separated by '&'; a pair without '=' has an empty value; empty pairs ("a=1&&b=2") are
// skipped. In names and values '+' is a space and %XX a byte; the decoded text must be
// UTF-8 without control characters.
//
// Every error is kInvalidArgument with a message that starts with the parameter's name
// ("radius_km: must be a number"), so a client can point at the field. Names that cannot
// be decoded are reported as "parameter name: ...". Messages quote at most a short,
// decoded, valid UTF-8 excerpt of what was sent.
//
// Thread safety: pure functions. They never throw and never crash, whatever the bytes
// (this is a fuzzing target); input length is bounded only by the caller.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "core/base/error.h"
#include "core/search/search.h"

namespace kindred {

struct QueryParam {
  std::string name;   // decoded
  std::string value;  // decoded
};

// Splits and decodes every pair, in order (repeats kept).
Expected<std::vector<QueryParam>> decode_query(std::string_view raw);

// Decodes one component ('+' is a space, %XX a byte); `name` labels the error. Fails on a
// bad escape, invalid UTF-8 or a control character.
Expected<std::string> percent_decode(std::string_view text, std::string_view name);

// The decoded value of `name`: "" when it is absent or empty. kInvalidArgument when the
// query cannot be decoded or `name` is given more than once.
Expected<std::string> query_param(std::string_view raw, std::string_view name);

// kInvalidArgument ("colour: unknown parameter") for the first parameter whose name is
// not in `known`, or when the query cannot be decoded.
Status only_params(std::string_view raw, std::initializer_list<std::string_view> known);

// Strict numbers for parameter `name`: the whole text, no spaces, no hex, no inf/nan.
Expected<double> parse_number(std::string_view name, std::string_view text);
Expected<long> parse_integer(std::string_view name, std::string_view text, long min, long max);

// The answer language for a `lang` value ("" -> "en"): a language tag such as "es",
// "FR" or "es-MX" (its primary subtag is used) answers in that language when Kindred has
// its words (translation.h answer_languages()), else in English. kInvalidArgument naming
// `lang` for anything that is not shaped like a language tag.
Expected<std::string> parse_lang(std::string_view value);
// parse_lang() of the `lang` parameter of a raw query string ("en" when absent).
Expected<std::string> lang_param(std::string_view raw_query);

// The search API's query string -> SearchRequest (`now` is the time of the call unless given):
//   q, near               text (q at most kMaxQueryChars characters is checked by the searcher)
//   country               two letters (checked against the gazetteer by the searcher)
//   lat, lon, radius_km   strict numbers (ranges are checked by the searcher)
//   kind, topic, ...      every name in search_facet_names(); repeat for OR; "-value"
//                         excludes; an empty value is ignored (forms send "any" as "")
//   sort                  relevance | distance | next
//   spelling              correct (default) | as-typed: no correction, no suggestion
//   lang                  the answer language (parse_lang)
//   page                  1..kMaxPage; per_page 1..kMaxPerPage
//   now                   a date or RFC 3339 time: search as at that moment (next meetings,
//                         ended courses, the starts facet); default the time of the call
// Single-valued parameters may appear once; anything else is an unknown parameter.
// Values of facets are not checked against the vocabulary here (the searcher does that).
inline constexpr long kMaxPage = 100000;
inline constexpr size_t kMaxNearBytes = 200;
Expected<SearchRequest> parse_search_params(std::string_view raw);

}  // namespace kindred
