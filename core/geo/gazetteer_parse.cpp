// @brief Small readers for the gazetteer source formats (files, TSV, JSON, JS literals).
#include "core/geo/internal/gazetteer_parse.h"

#include <rapidjson/error/en.h>

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace kindred::gaz {

constexpr const char* kFetchHint = " (run scripts/fetch-gazetteer first)";

Expected<std::string> slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    return make_error(ErrorCode::kNotFound, "gazetteer source missing: " + path + kFetchHint);
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) return make_error(ErrorCode::kIo, "cannot read " + path);
  return s.str();
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t start = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i == s.size() || s[i] == sep) {
      out.push_back(s.substr(start, i - start));
      start = i + 1;
    }
  }
  return out;
}

bool parse_double(std::string_view s, double& out) {
  if (s.empty()) return false;
  std::string tmp(s);
  char* end = nullptr;
  errno = 0;
  out = std::strtod(tmp.c_str(), &end);
  return errno == 0 && end == tmp.c_str() + tmp.size();
}

std::vector<std::map<std::string, std::string>> js_objects(std::string_view js) {
  std::vector<std::map<std::string, std::string>> out;
  std::map<std::string, std::string> cur;
  std::string key;
  for (size_t i = 0; i < js.size();) {
    char c = js[i];
    if (js.compare(i, 2, "/*") == 0) {
      size_t end = js.find("*/", i + 2);
      i = end == std::string_view::npos ? js.size() : end + 2;
    } else if (js.compare(i, 2, "//") == 0) {
      size_t end = js.find('\n', i);
      i = end == std::string_view::npos ? js.size() : end;
    } else if (c == '{') {
      cur.clear(), key.clear(), ++i;
    } else if (c == '}') {
      if (!cur.empty()) out.push_back(cur);
      cur.clear(), key.clear(), ++i;
    } else if (c == '\'' || c == '"') {
      std::string value;
      for (++i; i < js.size() && js[i] != c; ++i) {
        if (js[i] == '\\' && i + 1 < js.size()) ++i;  // \' \" \\ (no \u escapes in these lists)
        value += js[i];
      }
      ++i;
      if (!key.empty()) cur[key] = value;
      key.clear();
    } else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') {
      size_t start = i;
      while (i < js.size() && (std::isalnum(static_cast<unsigned char>(js[i])) || js[i] == '_'))
        ++i;
      size_t colon = i;
      while (colon < js.size() && js[colon] == ' ') ++colon;
      key = colon < js.size() && js[colon] == ':' ? std::string(js.substr(start, i - start)) : "";
    } else {
      ++i;
    }
  }
  return out;
}

Expected<rapidjson::Document> parse_json(const std::string& path, std::string& text) {
  rapidjson::Document doc;
  doc.ParseInsitu(text.data());
  if (doc.HasParseError()) {
    return make_error(ErrorCode::kCorrupt, path + ": JSON error at byte " +
                                               std::to_string(doc.GetErrorOffset()) + ": " +
                                               rapidjson::GetParseError_En(doc.GetParseError()));
  }
  return doc;
}

std::string str_member(const rapidjson::Value& v, const char* name) {
  if (!v.IsObject()) return "";
  auto it = v.FindMember(name);
  return it != v.MemberEnd() && it->value.IsString() ? it->value.GetString() : "";
}

double num_member(const rapidjson::Value& v, const char* name) {
  auto it = v.FindMember(name);
  if (it == v.MemberEnd()) return 0;
  if (it->value.IsNumber()) return it->value.GetDouble();
  double d = 0;
  return it->value.IsString() && parse_double(it->value.GetString(), d) ? d : 0;
}

}  // namespace kindred::gaz
