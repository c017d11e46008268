// @brief Meeting times as the server-rendered page writes them, in the group's own zone,
// with day and month names and the joining words in w's language (en, es, fr; English for
// another). Times are 24-hour in every language, as the group's own schedule gives them.
#pragma once

#include <string>
#include <string_view>

#include "core/listing/listing.h"
#include "server/html_words.h"

namespace kindred::http::html {

// "2026-11-24T18:30:00-08:00" in "America/Los_Angeles" -> "Tue 24 Nov 2026, 18:30
// (America/Los_Angeles time)"; the text as given when it is not RFC 3339.
std::string next_meeting_text(const Words& w, std::string_view start, std::string_view timezone);

// One meeting: "Mon, Wed 18:30–20:00, weekly (Europe/London)"; monthly ones name the
// week ("2nd Tue"), and its note follows. In Spanish: "lun., mié. 18:30–20:00, semanal".
std::string meeting_text(const Words& w, const Meeting& m);

}  // namespace kindred::http::html
