// @brief Small RapidJSON helpers: files, parse errors, paths, serialisation.
#include "core/json_util.h"

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

Status parse_json(std::string_view text, rapidjson::Document& out) {
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
