// @brief Reading the loosely written values of real Meeting Guide feeds: times in 12- and
// 24-hour forms, days as numbers, strings or arrays, `updated` dates in ISO and US forms,
// type codes as arrays or strings. Pure functions, no state; safe from any thread.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <rapidjson/document.h>

namespace kindred {

// A time of day as feeds write it -> "HH:MM" (24-hour), "" when it is not a time:
//   "19:30", "7:30", "19:30:00"            24-hour, seconds ignored
//   "7:30 PM", "7:30pm", "7 PM", "12:00 AM"  12-hour ("12 AM" is 00:00, "12 PM" is 12:00)
//   "noon", "midnight"                       12:00 and 00:00
//   "24:00"                                  "24:00" only when `is_end` (the midnight that
//                                            ends a day), else ""
std::string mg_time(const std::string& text, bool is_end = false);

// `day` -> day codes ("su".."sa") in feed order without repeats. Accepts 0-6 (0 = Sunday)
// as numbers or numeric strings, English day names or their first three letters, in any
// case, alone or in an array. Values it cannot read are left out.
std::vector<std::string> mg_days(const rapidjson::Value& day);

// `updated` -> "YYYY-MM-DD", or "" when it names no real date:
//   "2021-05-26 19:03:46", "2021-05-26T19:03:46Z", "2021-05-26"   ISO
//   "8/29/2021", "8/25/2022 11:17:07 AM"                         US month/day/year
std::string mg_date(const std::string& text);

// `types` -> the codes as written (trimmed, without brackets or quotes, no empty ones,
// no repeats): an array of strings, or one string of codes separated by commas ("C,M")
// or written as a list ("[open]", "['O', 'D']").
std::vector<std::string> mg_type_codes(const rapidjson::Value& types);

// The wall-clock end the importer keeps for a meeting from `start` to `end` ("HH:MM"),
// and why it changed it (for the import report), following the listing contract:
//   - end after start: kept;
//   - end equal to start: dropped (the length is unknown; the contract's one hour);
//   - end before start and at most 6 hours later across midnight: kept (a late meeting);
//   - otherwise, a 12-hour slip ("12:15"-"01:15", "19:15"-"08:15") when adding 12 hours
//     gives an end after the start: that end; else dropped.
struct EndTime {
  std::string end;   // "" = no end
  std::string note;  // "" when kept as written
};
EndTime mg_end_time(const std::string& start, const std::string& end);

}  // namespace kindred
