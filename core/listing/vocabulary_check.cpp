// @brief The vocabulary checker (see internal/vocabulary_check.h): one pass over the
// document, every problem collected with its path.
#include "core/listing/internal/vocabulary_check.h"

#include <algorithm>
#include <map>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

namespace kindred::vocabulary_internal {

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = ascii_lower(c);
  return out;
}

namespace {

using JsonValue = rapidjson::Value;

constexpr std::string_view kFormat = "kindred-vocabulary/1";
constexpr std::string_view kTimeOfDayFacet = "time_of_day";
constexpr int kMinutesPerDay = 24 * 60;

// ---- text checks ----------------------------------------------------------------------

// A string as it appears in a message: quoted, with anything unprintable escaped.
std::string quote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20 || u == 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\u00";
      out += kHex[u >> 4];
      out += kHex[u & 0xf];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

// Decodes UTF-8 that RapidJSON has already validated.
std::vector<char32_t> code_points(std::string_view s) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    int extra = b < 0x80 ? 0 : b < 0xe0 ? 1 : b < 0xf0 ? 2 : 3;
    char32_t cp = extra == 0   ? b
                  : extra == 1 ? (b & 0x1fu)
                  : extra == 2 ? (b & 0x0fu)
                               : (b & 0x07u);
    for (int k = 1; k <= extra && i + static_cast<std::size_t>(k) < s.size(); ++k) {
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]) & 0x3fu);
    }
    out.push_back(cp);
    i += static_cast<std::size_t>(extra) + 1;
  }
  return out;
}

// Upper-case letters of the scripts our synonyms are written in (Latin, Greek, Cyrillic,
// Armenian). Scripts without case (Han, Arabic, Devanagari, syllabics...) pass.
bool is_upper(char32_t c) {
  if (c >= U'A' && c <= U'Z') return true;
  if (c >= 0xc0 && c <= 0xde) return c != 0xd7;  // Latin-1, minus the multiplication sign
  if (c >= 0x100 && c <= 0x137) return c % 2 == 0;
  if (c >= 0x139 && c <= 0x148) return c % 2 == 1;
  if (c >= 0x14a && c <= 0x177) return c % 2 == 0;
  if (c >= 0x178 && c <= 0x17e) return c == 0x178 || c % 2 == 1;
  if (c >= 0x391 && c <= 0x3a9) return c != 0x3a2;  // Greek
  if (c >= 0x400 && c <= 0x42f) return true;        // Cyrillic
  if (c >= 0x531 && c <= 0x556) return true;        // Armenian
  if (c >= 0x1e00 && c <= 0x1eff) return c % 2 == 0 && !(c >= 0x1e96 && c <= 0x1e9f);
  if (c >= 0xff21 && c <= 0xff3a) return true;  // fullwidth A-Z
  return false;
}

bool is_control(char32_t c) {
  return c < 0x20 || (c >= 0x7f && c <= 0x9f);
}

// What is wrong with a synonym phrase, or "" if nothing.
std::string phrase_problem(std::string_view s) {
  if (s.empty()) return "must not be empty";
  for (char32_t c : code_points(s)) {
    if (is_control(c)) return quote(s) + " contains a control character";
    if (c == 0xa0) return quote(s) + " contains a non-breaking space; use a plain space";
    if (is_upper(c)) return quote(s) + " must be lower case";
  }
  if (s.front() == ' ' || s.back() == ' ' || s.find("  ") != std::string_view::npos) {
    return quote(s) + " has leading, trailing or repeated spaces";
  }
  return "";
}

// What is wrong with a label, or "" if nothing.
std::string label_problem(std::string_view s) {
  if (s.find_first_not_of(" \t\r\n") == std::string_view::npos) return "must not be blank";
  for (char32_t c : code_points(s)) {
    if (is_control(c)) return quote(s) + " contains a control character";
  }
  if (s.front() == ' ' || s.back() == ' ') return quote(s) + " has leading or trailing spaces";
  return "";
}

bool is_identifier(std::string_view s) {  // [a-z][a-z0-9_]*
  if (s.empty() || s[0] < 'a' || s[0] > 'z') return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

// [a-z0-9]+(-[a-z0-9]+)*, with A-Z also allowed when `allow_upper` (BCP-47 region subtags).
bool is_value(std::string_view s, bool allow_upper) {
  if (s.empty() || s.front() == '-' || s.back() == '-' || s.find("--") != std::string_view::npos) {
    return false;
  }
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
              (allow_upper && c >= 'A' && c <= 'Z');
    if (!ok) return false;
  }
  return true;
}

// Minutes since midnight for "HH:MM" (00:00..23:59), or nullopt.
std::optional<int> parse_hhmm(std::string_view s) {
  auto digit = [&](std::size_t i) { return s[i] >= '0' && s[i] <= '9'; };
  if (s.size() != 5 || s[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) {
    return std::nullopt;
  }
  int hours = (s[0] - '0') * 10 + (s[1] - '0');
  int minutes = (s[3] - '0') * 10 + (s[4] - '0');
  if (hours > 23 || minutes > 59) return std::nullopt;
  return hours * 60 + minutes;
}

std::string hhmm(int minutes) {
  std::string out = "00:00";
  int h = minutes / 60, m = minutes % 60;
  out[0] = static_cast<char>('0' + h / 10);
  out[1] = static_cast<char>('0' + h % 10);
  out[3] = static_cast<char>('0' + m / 10);
  out[4] = static_cast<char>('0' + m % 10);
  return out;
}

std::string join(const std::string& path, std::string_view key) {
  return path.empty() ? std::string(key) : path + "." + std::string(key);
}

std::string at(const std::string& path, std::size_t index) {
  return path + "[" + std::to_string(index) + "]";
}

std::string_view as_view(const JsonValue& v) {
  return {v.GetString(), v.GetStringLength()};
}

// ---- the validator --------------------------------------------------------------------

// A value as read, with where its parts came from, for the facet-wide checks.
struct ValueDraft {
  VocabularyValue value;
  std::string path;                        // "facets[1].values[3]"
  std::vector<std::string> synonym_paths;  // parallel to value.synonyms
  bool has_from = false, has_to = false;   // the keys are present
  std::optional<int> from, to;             // minutes, when present and well-formed
};

// Walks the document once, collecting every problem rather than stopping at the first:
// a maintainer fixing the file should see all of them in one run.
class Validator {
 public:
  std::vector<Facet> read(const JsonValue& root) {
    std::vector<Facet> facets;
    if (!check_object(root, "", {"format", "facets"})) return facets;
    if (auto format = string_member(root, "format", "")) {
      if (*format != kFormat) {
        add("format", "must be " + quote(kFormat) + ", not " + quote(*format));
      }
    }
    const JsonValue* list = array_member(root, "facets", "");
    if (list == nullptr) return facets;
    std::unordered_map<std::string, std::size_t> facet_at;  // name -> index in the file
    for (rapidjson::SizeType i = 0; i < list->Size(); ++i) {
      std::string path = at("facets", i);
      std::optional<Facet> facet = read_facet((*list)[i], path);
      if (!facet) continue;
      auto [it, inserted] = facet_at.emplace(facet->name, i);
      if (!inserted) {
        add(join(path, "name"),
            quote(facet->name) + " is also the name of " + at("facets", it->second));
        continue;
      }
      facets.push_back(std::move(*facet));
    }
    return facets;
  }

  std::vector<Problem> take_problems() { return std::move(problems_); }

 private:
  void add(std::string path, std::string message) {
    problems_.push_back({std::move(path), std::move(message)});
  }

  // Reports a non-object, unknown keys and repeated keys. Returns whether `v` is an object.
  bool check_object(const JsonValue& v, const std::string& path,
                    std::initializer_list<std::string_view> allowed) {
    if (!v.IsObject()) {
      add(path, "must be an object");
      return false;
    }
    std::set<std::string_view> seen;
    for (auto m = v.MemberBegin(); m != v.MemberEnd(); ++m) {
      std::string_view key = as_view(m->name);
      if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
        std::string expected;
        for (std::string_view a : allowed)
          expected += (expected.empty() ? "" : ", ") + std::string(a);
        add(join(path, key), "unknown key; expected one of " + expected);
      } else if (!seen.insert(key).second) {
        // RapidJSON keeps both copies; which one wins would be an accident.
        add(join(path, key), "appears more than once");
      }
    }
    return true;
  }

  const JsonValue* member(const JsonValue& obj, const char* key, const std::string& path,
                          bool required) {
    auto m = obj.FindMember(key);
    if (m != obj.MemberEnd()) return &m->value;
    if (required) add(join(path, key), "is required");
    return nullptr;
  }

  std::optional<std::string> string_member(const JsonValue& obj, const char* key,
                                           const std::string& path, bool required = true) {
    const JsonValue* v = member(obj, key, path, required);
    if (v == nullptr) return std::nullopt;
    if (!v->IsString()) {
      add(join(path, key), "must be a string");
      return std::nullopt;
    }
    return std::string(as_view(*v));
  }

  bool bool_member(const JsonValue& obj, const char* key, const std::string& path, bool fallback) {
    const JsonValue* v = member(obj, key, path, false);
    if (v == nullptr) return fallback;
    if (!v->IsBool()) {
      add(join(path, key), "must be true or false");
      return fallback;
    }
    return v->GetBool();
  }

  const JsonValue* array_member(const JsonValue& obj, const char* key, const std::string& path,
                                bool allow_empty = false) {
    const JsonValue* v = member(obj, key, path, true);
    if (v == nullptr) return nullptr;
    if (!v->IsArray()) {
      add(join(path, key), "must be an array");
      return nullptr;
    }
    if (!allow_empty && v->Empty()) add(join(path, key), "must not be empty");
    return v;
  }

  std::optional<std::string> label_member(const JsonValue& obj, const std::string& path) {
    std::optional<std::string> label = string_member(obj, "label", path);
    if (!label) return std::nullopt;
    if (std::string problem = label_problem(*label); !problem.empty()) {
      add(join(path, "label"), problem);
      return std::nullopt;
    }
    return label;
  }

  // "labels": {"es": "...", "fr": "..."}: the label in other languages, keyed by a
  // lower-case primary language tag; each one a label like the English one.
  std::map<std::string, std::string> labels_member(const JsonValue& obj, const std::string& path) {
    std::map<std::string, std::string> out;
    const JsonValue* labels = member(obj, "labels", path, false);
    if (labels == nullptr) return out;
    std::string labels_path = join(path, "labels");
    if (!labels->IsObject()) {
      add(labels_path, "must be an object of language tag -> label");
      return out;
    }
    for (const auto& m : labels->GetObject()) {
      std::string tag(as_view(m.name));
      std::string where = join(labels_path, tag);
      bool tag_ok = tag.size() >= 2 && tag.size() <= 3 &&
                    std::all_of(tag.begin(), tag.end(), [](char c) { return c >= 'a' && c <= 'z'; });
      if (!tag_ok) {
        add(where, quote(tag) + " is not a lower-case primary language tag such as \"es\"");
        continue;
      }
      if (!m.value.IsString()) {
        add(where, "must be a string");
        continue;
      }
      std::string label(as_view(m.value));
      if (std::string problem = label_problem(label); !problem.empty()) {
        add(where, problem);
        continue;
      }
      if (!out.emplace(tag, std::move(label)).second) add(where, "is given twice");
    }
    return out;
  }

  std::optional<Facet> read_facet(const JsonValue& v, const std::string& path) {
    if (!check_object(v, path, {"name", "field", "label", "labels", "closed", "computed", "protected", "values"})) {
      return std::nullopt;
    }
    Facet facet;
    std::optional<std::string> name = string_member(v, "name", path);
    if (name && !is_identifier(*name)) {
      add(join(path, "name"), quote(*name) + " is not a facet name ([a-z][a-z0-9_]*)");
      name.reset();
    }
    std::optional<std::string> field = string_member(v, "field", path);
    if (field && !is_identifier(*field)) {
      add(join(path, "field"), quote(*field) + " is not a field name ([a-z][a-z0-9_]*)");
    }
    std::optional<std::string> label = label_member(v, path);
    facet.closed = bool_member(v, "closed", path, true);
    facet.computed = bool_member(v, "computed", path, false);
    facet.protected_terms = bool_member(v, "protected", path, false);
    if (name) facet.name = *name;
    if (field) facet.field = *field;
    if (label) facet.label = *label;
    facet.labels = labels_member(v, path);

    std::vector<ValueDraft> drafts;
    // An open facet may list no values: its heading alone ("region", whose values are the
    // gazetteer's regions, named there).
    if (const JsonValue* values = array_member(v, "values", path, /*allow_empty=*/!facet.closed)) {
      std::string values_path = join(path, "values");
      bool all_read = true;
      for (rapidjson::SizeType j = 0; j < values->Size(); ++j) {
        if (auto draft = read_value((*values)[j], at(values_path, j), facet.closed)) {
          drafts.push_back(std::move(*draft));
        } else {
          all_read = false;
        }
      }
      // Messages name the facet; a nameless facet has been reported already.
      if (name) {
        check_values(drafts, facet.name);
        check_ranges(drafts, facet.name, values_path, all_read);
      }
    }
    if (!name) return std::nullopt;
    for (ValueDraft& d : drafts) facet.values.push_back(std::move(d.value));
    return facet;
  }

  std::optional<ValueDraft> read_value(const JsonValue& v, const std::string& path, bool closed) {
    if (!check_object(v, path, {"value", "label", "labels", "synonyms", "from", "to"})) return std::nullopt;
    ValueDraft d;
    d.path = path;
    std::optional<std::string> value = string_member(v, "value", path);
    if (value && !is_value(*value, !closed)) {
      add(join(path, "value"),
          quote(*value) + (closed ? " is not a value (lower-case letters, digits and inner hyphens)"
                                  : " is not a value (letters, digits and inner hyphens)"));
      value.reset();
    }
    std::optional<std::string> label = label_member(v, path);
    d.value.labels = labels_member(v, path);
    if (const JsonValue* synonyms = array_member(v, "synonyms", path, /*allow_empty=*/true)) {
      std::string synonyms_path = join(path, "synonyms");
      for (rapidjson::SizeType k = 0; k < synonyms->Size(); ++k) {
        const JsonValue& s = (*synonyms)[k];
        std::string s_path = at(synonyms_path, k);
        if (!s.IsString()) {
          add(s_path, "must be a string");
          continue;
        }
        std::string phrase(as_view(s));
        if (std::string problem = phrase_problem(phrase); !problem.empty()) {
          add(s_path, problem);
          continue;
        }
        d.value.synonyms.push_back(std::move(phrase));
        d.synonym_paths.push_back(std::move(s_path));
      }
    }
    read_time(v, "from", path, d.has_from, d.from, d.value.from);
    read_time(v, "to", path, d.has_to, d.to, d.value.to);
    if (d.has_from != d.has_to) {
      add(path, d.has_from ? "has \"from\" but no \"to\"" : "has \"to\" but no \"from\"");
    } else if (d.from && d.to && *d.from == *d.to) {
      add(join(path, "to"), "equals \"from\"; a range must not be empty");
    }
    if (!value || !label) return std::nullopt;
    d.value.value = *value;
    d.value.label = *label;
    return d;
  }

  void read_time(const JsonValue& v, const char* key, const std::string& path, bool& present,
                 std::optional<int>& minutes, std::string& text) {
    const JsonValue* t = member(v, key, path, false);
    present = t != nullptr;
    if (!present) return;
    if (t->IsString()) minutes = parse_hhmm(as_view(*t));
    if (!minutes) {
      add(join(path, key), "must be a time \"HH:MM\" from 00:00 to 23:59");
      return;
    }
    text = std::string(as_view(*t));
  }

  // Duplicate values and labels, and synonyms that clash within the facet.
  void check_values(const std::vector<ValueDraft>& drafts, const std::string& facet) {
    // Keys are folded: in an open facet "fr-CA" and "fr-ca" are the same tag, and in a
    // closed one every value is lower case already.
    std::unordered_map<std::string, std::size_t> by_value, by_label, by_phrase;
    for (std::size_t j = 0; j < drafts.size(); ++j) {
      const VocabularyValue& v = drafts[j].value;
      if (auto [it, fresh] = by_value.emplace(ascii_lower(v.value), j); !fresh) {
        add(join(drafts[j].path, "value"), quote(v.value) + " is listed twice in facet " + facet +
                                               " (also " + drafts[it->second].path + ")");
      }
      if (auto [it, fresh] = by_label.emplace(ascii_lower(v.label), j); !fresh) {
        add(join(drafts[j].path, "label"), quote(v.label) + " is also the label of " +
                                               drafts[it->second].value.value + " in facet " +
                                               facet);
      }
    }
    for (std::size_t j = 0; j < drafts.size(); ++j) {
      const VocabularyValue& v = drafts[j].value;
      for (std::size_t k = 0; k < v.synonyms.size(); ++k) {
        const std::string& phrase = v.synonyms[k];
        const std::string& path = drafts[j].synonym_paths[k];
        if (auto [it, fresh] = by_phrase.emplace(phrase, j); !fresh) {
          add(path, it->second == j ? quote(phrase) + " is listed twice for " + v.value
                                    : quote(phrase) + " is also a synonym of " +
                                          drafts[it->second].value.value + " in facet " + facet);
          continue;
        }
        // A phrase that names another value outright would send searchers to the wrong one.
        if (auto it = by_value.find(phrase); it != by_value.end() && it->second != j) {
          add(path, quote(phrase) + " is the value " + drafts[it->second].value.value +
                        " in facet " + facet);
        } else if (auto lit = by_label.find(phrase); lit != by_label.end() && lit->second != j) {
          add(path, quote(phrase) + " is the label of " + drafts[lit->second].value.value +
                        " in facet " + facet);
        }
      }
    }
  }

  // Hour ranges: all values or none have them (time_of_day must), and together they
  // cover the day exactly once, so every meeting start time falls in exactly one value.
  void check_ranges(const std::vector<ValueDraft>& drafts, const std::string& facet,
                    const std::string& values_path, bool all_read) {
    bool required = facet == kTimeOfDayFacet;
    bool any = false, complete = true;
    for (const ValueDraft& d : drafts) {
      any = any || d.has_from || d.has_to;
      complete = complete && d.from && d.to && *d.from != *d.to;
    }
    if (!required && !any) return;
    for (const ValueDraft& d : drafts) {
      if (d.has_from || d.has_to) continue;
      add(d.path, required ? "needs \"from\" and \"to\": every " + facet + " value is an hour range"
                           : "needs \"from\" and \"to\" like the other values of facet " + facet);
    }
    // With a value missing or malformed, a coverage report would only repeat that problem.
    if (!complete || !all_read || drafts.empty()) return;

    std::array<int, kMinutesPerDay> owner;
    owner.fill(-1);
    std::set<std::pair<int, int>> reported;
    auto describe = [&](std::size_t j) {
      return drafts[j].value.value + " (" + drafts[j].value.from + "-" + drafts[j].value.to + ")";
    };
    for (std::size_t j = 0; j < drafts.size(); ++j) {
      for (int m = *drafts[j].from; m != *drafts[j].to; m = (m + 1) % kMinutesPerDay) {
        int& o = owner[static_cast<std::size_t>(m)];
        if (o < 0) {
          o = static_cast<int>(j);
        } else if (reported.emplace(o, static_cast<int>(j)).second) {
          add(drafts[j].path, describe(j) + " overlaps " + describe(static_cast<std::size_t>(o)));
        }
      }
    }
    // Each gap is reported once, from its first uncovered minute to the next covered one.
    for (int m = 0; m < kMinutesPerDay; ++m) {
      int prev = (m + kMinutesPerDay - 1) % kMinutesPerDay;
      if (owner[static_cast<std::size_t>(m)] >= 0 || owner[static_cast<std::size_t>(prev)] < 0) {
        continue;
      }
      int end = m;
      while (owner[static_cast<std::size_t>(end)] < 0) end = (end + 1) % kMinutesPerDay;
      add(values_path, "no value covers " + hhmm(m) + "-" + hhmm(end));
    }
  }

  std::vector<Problem> problems_;
};
}  // namespace

std::vector<Facet> read_vocabulary(const rapidjson::Value& root, std::vector<Problem>& problems) {
  Validator validator;
  std::vector<Facet> facets = validator.read(root);
  problems = validator.take_problems();
  return facets;
}

}  // namespace kindred::vocabulary_internal
