// @brief Search results as CSV for spreadsheets (RFC 4180), safe to open in Excel,
// LibreOffice or Google Sheets.
//
// - UTF-8, CRLF line ends, every field quoted when it holds a comma, a quote, CR or LF
//   (quotes doubled); a byte-order mark first so Excel reads UTF-8 as UTF-8.
// - Formula injection neutralised: a cell starting with = + - @ TAB or CR gets a leading
//   apostrophe, so "=HYPERLINK(...)" in a listing is shown, never run (OWASP's advice).
// - Columns: id, name, kind, organization, topics, communities,
//   attendance, languages, cost, facilitation, locality, region, country, distance_km,
//   next_meeting, timezone, schedule, contact_url, phone, email, how_to_join,
//   last_verified, status, dates (a course's sessions, "2026-01-12; 2026-01-19"),
//   registration_deadline, registration_url. next_meeting is the next session of a
//   course or term too. List fields are joined with "; " as display labels.
// Pure; thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/listing/vocabulary.h"
#include "core/search/search.h"

namespace kindred {

// One field, quoted and neutralised as above.
std::string csv_cell(std::string_view text);

// The header line (with the byte-order mark) and one line per hit; `stored[i]` is the
// stored document ({"listing": ...}) of hits[i] (a hit whose document cannot be read
// keeps its search fields only). Headers and vocabulary labels are in `lang` ("en", "es"
// or "fr"; the hits' text is already in it, search.h); English for any other value.
std::string search_csv(const std::vector<Hit>& hits, const std::vector<std::string>& stored,
                       const Vocabulary& vocabulary, const std::string& lang = "en");

}  // namespace kindred
