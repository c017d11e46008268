// @brief Small RapidJSON helpers: files, parse errors, paths, serialisation.
#include "core/base/json_util.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

namespace kindred {

Expected<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    ErrorCode code = errno == ENOENT ? ErrorCode::kNotFound : ErrorCode::kIo;
    return make_error(code, path + ": cannot open: " + std::strerror(errno));
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return make_error(ErrorCode::kIo, path + ": read failed");
  return buf.str();
}

std::string describe_offset(std::string_view text, size_t offset) {
  size_t line = 1, col = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(col);
}

namespace {

// What RapidJSON 1.1.0 lets through (issue 8, tests/fuzz_regressions_test.cpp):
// - nesting deeper than its recursion can take: its parser, its writer, the schema checker
//   and the validator's walks recurse once per level, and 200,000 '[' in a listing file or
//   a feed overflowed the stack. Nothing Kindred reads nests more than 30 levels.
// - a \u escape of a lone low surrogate ("\uDC00"): it becomes the bytes ED B0 80, which
//   are not UTF-8, and a listing carrying them was accepted and stored.
constexpr size_t kMaxJsonDepth = 256;

struct ScanProblem {
  size_t at = std::string_view::npos;
  std::string what;
};

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// The first of those problems in text, or {npos}. Everything else is left to RapidJSON.
ScanProblem scan(std::string_view text) {
  size_t depth = 0;
  bool in_string = false, after_high_surrogate = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\' && i + 5 < text.size() && text[i + 1] == 'u') {
        int code = 0;
        for (size_t k = i + 2; k < i + 6 && code >= 0; ++k) {
          int d = hex_digit(text[k]);
          code = d < 0 ? -1 : code * 16 + d;
        }
        if (code < 0) {  // not four hex digits: RapidJSON reports it
          after_high_surrogate = false;
          ++i;
          continue;
        }
        if (code >= 0xDC00 && code <= 0xDFFF && !after_high_surrogate) {
          return {i, "\\u" + std::string(text.substr(i + 2, 4)) +
                         " is half of a surrogate pair, not a character"};
        }
        after_high_surrogate = code >= 0xD800 && code <= 0xDBFF;
        i += 5;
        continue;
      }
      after_high_surrogate = false;
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > kMaxJsonDepth) {
        return {i, "nested deeper than " + std::to_string(kMaxJsonDepth) + " levels"};
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return {};
}

}  // namespace

Status parse_json(std::string_view text, rapidjson::Document& out) {
  if (ScanProblem p = scan(text); p.at != std::string_view::npos) {
    out.SetNull();
    return make_error(ErrorCode::kInvalidArgument,
                      describe_offset(text, p.at) + ": invalid JSON: " + p.what);
  }
  constexpr unsigned kFlags = rapidjson::kParseValidateEncodingFlag;
  out.Parse<kFlags>(text.data(), text.size());
  if (out.HasParseError()) {
    return make_error(ErrorCode::kInvalidArgument,
                      describe_offset(text, out.GetErrorOffset()) + ": invalid JSON: " +
                          rapidjson::GetParseError_En(out.GetParseError()));
  }
  return Ok{};
}

std::string path_join(const std::string& base, std::string_view member) {
  if (base.empty()) return std::string(member);
  std::string out = base;
  out += '.';
  out += member;
  return out;
}

std::string path_index(const std::string& base, size_t index) {
  return base + "[" + std::to_string(index) + "]";
}

std::string to_json(const rapidjson::Value& v) {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buf);
  v.Accept(writer);
  return std::string(buf.GetString(), buf.GetSize());
}

std::string quote_value(const rapidjson::Value& v) {
  constexpr size_t kMax = 60;
  std::string s = to_json(v);
  if (s.size() > kMax) s = s.substr(0, kMax) + "...";
  return s;
}

}  // namespace kindred
