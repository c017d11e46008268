// @brief See html_words.h.
#include "server/html_words.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <utility>

#include <rapidjson/document.h>

#include "core/base/json_util.h"

namespace kindred::http::html {
namespace {

// The non-empty string members of the JSON object in `path`; false when it is not one.
bool read_strings(const std::string& path, std::map<std::string, std::string>& out) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  rapidjson::Document doc;
  if (!in || !parse_json(text.str(), doc) || !doc.IsObject()) return false;
  for (const auto& m : doc.GetObject()) {
    if (m.value.IsString() && m.value.GetStringLength() > 0) out[m.name.GetString()] = m.value.GetString();
  }
  return true;
}

}  // namespace

Words::Words(std::string lang, std::map<std::string, std::string> table, std::map<std::string, std::string> page_table)
    : lang_(std::move(lang)), table_(std::move(table)), page_table_(std::move(page_table)) {}

const std::string* Words::page_text(const std::string& id) const {
  auto it = page_table_.find(id);
  return it == page_table_.end() ? nullptr : &it->second;
}

std::string Words::operator()(const Key& key) const {
  auto it = table_.find(key.id);
  return it != table_.end() ? it->second : std::string(key.en);
}

std::string Words::count(const Key& one, const Key& other, uint64_t n) const {
  std::string s = (*this)(n == 1 ? one : other);
  if (size_t at = s.find("{n}"); at != std::string::npos) s.replace(at, 3, std::to_string(n));
  return s;
}

Catalogs::Catalogs() { by_lang_.emplace("en", Words("en")); }

Catalogs Catalogs::load(const std::string& web_dir, std::vector<std::string>* problems) {
  Catalogs out;
  for (const auto& language : kPageLanguages) {
    std::string lang = language.code;
    if (lang == "en") continue;
    std::string path = web_dir + "/i18n/nojs." + lang + ".json";
    std::map<std::string, std::string> table, page_table;
    if (!read_strings(path, table)) {
      if (problems) problems->push_back(path + ": missing or not a JSON object; the page says English for " + lang);
      continue;
    }
    read_strings(web_dir + "/i18n/" + lang + ".json", page_table);  // none: the frame stays English
    out.by_lang_.insert_or_assign(lang, Words(lang, std::move(table), std::move(page_table)));
  }
  return out;
}

const Words& Catalogs::words(std::string_view lang) const {
  auto it = by_lang_.find(lang);
  return it != by_lang_.end() ? it->second : by_lang_.find("en")->second;
}

std::vector<std::string> missing_ids(std::string_view catalog_json, const std::vector<std::string>& ids) {
  rapidjson::Document doc;
  if (!parse_json(catalog_json, doc) || !doc.IsObject()) return {"(not a JSON object)"};
  std::vector<std::string> out;
  for (const auto& id : ids) {
    auto it = doc.FindMember(id.c_str());
    if (it == doc.MemberEnd() || !it->value.IsString() || it->value.GetStringLength() == 0) out.push_back(id);
  }
  return out;
}

std::string language_from_header(std::string_view header) {
  // Tags in order of preference: a stable sort by q keeps the header's order among equals.
  std::vector<std::pair<double, std::string>> tags;
  size_t start = 0;
  while (start <= header.size()) {
    size_t end = header.find(',', start);
    std::string_view item = header.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start);
    std::string tag;
    double q = 1;
    size_t semi = item.find(';');
    for (char c : item.substr(0, semi)) {
      if (!std::isspace(static_cast<unsigned char>(c))) tag += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (semi != std::string_view::npos) {
      std::string params(item.substr(semi + 1));
      if (size_t at = params.find("q="); at != std::string::npos) q = std::atof(params.c_str() + at + 2);
    }
    if (!tag.empty() && q > 0) tags.emplace_back(q, tag.substr(0, tag.find('-')));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  std::stable_sort(tags.begin(), tags.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (const auto& [q, primary] : tags) {
    for (const auto& language : kPageLanguages) {
      if (primary == language.code) return primary;
    }
  }
  return "en";
}

}  // namespace kindred::http::html
