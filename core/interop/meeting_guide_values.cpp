// @brief Meeting Guide value readers: times, days, dates, type codes (see the header).
#include "core/interop/meeting_guide_values.h"

#include <algorithm>
#include <cstdio>
#include <regex>

#include "core/listing/validate.h"

namespace kindred {
namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return s;
}

std::string trim(const std::string& s) {
  size_t b = s.find_first_not_of(" \t\r\n"), e = s.find_last_not_of(" \t\r\n");
  return b == std::string::npos ? "" : s.substr(b, e - b + 1);
}

std::string hhmm(int h, int m) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%02d:%02d", h, m);
  return buf;
}

int minutes_of(const std::string& t) { return std::stoi(t.substr(0, 2)) * 60 + std::stoi(t.substr(3, 2)); }

}  // namespace

std::string mg_time(const std::string& text, bool is_end) {
  if (text.size() > 32) return "";  // no time is longer; and std::regex recursion stays shallow
  std::string t = lower(trim(text));
  if (t == "noon") return "12:00";
  if (t == "midnight") return is_end ? "24:00" : "00:00";
  // "7:30 pm", "7:30pm", "7 p.m.", "19:30", "19:30:00"
  static const std::regex kTime("([0-9]{1,2})(?::([0-5][0-9]))?(?::[0-5][0-9])?\\s*(a\\.?m\\.?|p\\.?m\\.?)?");
  std::smatch m;
  if (!std::regex_match(t, m, kTime)) return "";
  int h = std::stoi(m[1]);
  int min = m[2].matched ? std::stoi(m[2]) : 0;
  if (m[3].matched) {
    if (h < 1 || h > 12) return "";
    bool pm = m[3].str()[0] == 'p';
    if (h == 12) h = 0;
    if (pm) h += 12;
  } else if (!m[2].matched) {
    return "";  // a bare number is not a time
  }
  if (h == 24 && min == 0) return is_end ? "24:00" : "";
  if (h > 23) return "";
  return hhmm(h, min);
}

std::vector<std::string> mg_days(const rapidjson::Value& day) {
  static const char* const kCodes[] = {"su", "mo", "tu", "we", "th", "fr", "sa"};
  static const char* const kNames[] = {"sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"};
  std::vector<const rapidjson::Value*> values;
  if (day.IsArray()) {
    for (const auto& v : day.GetArray()) values.push_back(&v);
  } else {
    values.push_back(&day);
  }
  std::vector<std::string> out;
  for (const rapidjson::Value* v : values) {
    int n = -1;
    if (v->IsInt()) {
      n = v->GetInt();
    } else if (v->IsString()) {
      std::string s = v->GetStringLength() > 16 ? "" : lower(trim(v->GetString()));
      if (!s.empty() && s.size() <= 2 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        n = std::stoi(s);
      }
      for (int i = 0; i < 7 && n < 0 && s.size() >= 3; ++i) {
        if (std::string(kNames[i]).compare(0, s.size(), s) == 0) n = i;
      }
    }
    if (n < 0 || n > 6) continue;
    if (std::find(out.begin(), out.end(), kCodes[n]) == out.end()) out.push_back(kCodes[n]);
  }
  return out;
}

std::string mg_date(const std::string& text) {
  if (text.size() > 64) return "";  // no date is longer; and std::regex recursion stays shallow
  std::string t = trim(text);
  std::string iso;
  std::smatch m;
  if (std::regex_search(t, m, std::regex("^([0-9]{4})-([0-9]{2})-([0-9]{2})([ T].*)?$"))) {
    iso = m[1].str() + "-" + m[2].str() + "-" + m[3].str();
  } else if (std::regex_match(t, m, std::regex("([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})( .*)?"))) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s-%02d-%02d", m[3].str().c_str(), std::stoi(m[1]), std::stoi(m[2]));
    iso = buf;
  }
  return is_calendar_date(iso) ? iso : "";
}

std::vector<std::string> mg_type_codes(const rapidjson::Value& types) {
  std::vector<std::string> raw;
  if (types.IsArray()) {
    for (const auto& t : types.GetArray()) {
      if (t.IsString()) raw.push_back(t.GetString());
    }
  } else if (types.IsString()) {
    std::string s = types.GetString();
    size_t start = 0;
    while (start <= s.size()) {
      size_t end = s.find(',', start);
      if (end == std::string::npos) end = s.size();
      raw.push_back(s.substr(start, end - start));
      start = end + 1;
    }
  }
  std::vector<std::string> out;
  for (std::string code : raw) {
    code.erase(std::remove_if(code.begin(), code.end(), [](char c) { return c == '[' || c == ']' || c == '"' || c == '\''; }),
               code.end());
    code = trim(code);
    if (!code.empty() && std::find(out.begin(), out.end(), code) == out.end()) out.push_back(code);
  }
  return out;
}

EndTime mg_end_time(const std::string& start, const std::string& end) {
  if (end.empty() || start.empty()) return {end.empty() ? "" : end, ""};
  if (end == "24:00") return {end, ""};
  int s = minutes_of(start), e = minutes_of(end);
  if (e > s) return {end, ""};
  if (e == s) return {"", "end_time " + end + " equals the start; left out (one hour assumed)"};
  constexpr int kDay = 24 * 60, kLateNight = 6 * 60, kHalfDay = 12 * 60;
  if (e + kDay - s <= kLateNight) return {end, ""};  // past midnight: the contract's next-day end
  if (e < kHalfDay && e + kHalfDay > s) {
    std::string slip = hhmm((e + kHalfDay) / 60, (e + kHalfDay) % 60);
    return {slip, "end_time " + end + " before the start " + start + "; read as " + slip + " (12-hour clock)"};
  }
  return {"", "end_time " + end + " before the start " + start + " and not past midnight; left out"};
}

}  // namespace kindred
