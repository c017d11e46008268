// @brief The official HSDS schema as a test oracle (see hsds_schema_support.h).
#include "tests/hsds_schema_support.h"

#include <map>
#include <memory>
#include <regex>
#include <stdexcept>

#include <rapidjson/pointer.h>
#include <rapidjson/schema.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "tests/test_support.h"

namespace kindred::test {
namespace {

struct Compiled {
  rapidjson::Document raw;
  std::unique_ptr<rapidjson::SchemaDocument> schema;
};

// A schema file, or with "#/pointer" a schema inside one (the Page shape in openapi.json).
const Compiled& compiled(const std::string& file) {
  static std::map<std::string, Compiled> cache;
  auto it = cache.find(file);
  if (it != cache.end()) return it->second;
  Compiled& c = cache[file];
  size_t hash = file.find('#');
  // The compiled schemas sit in schema/, the API description (the Page shape) beside it.
  std::string name = file.substr(0, hash);
  bool gz = name.size() > 3 && name.substr(name.size() - 3) == ".gz";
  std::string path = gz ? sample_path("real/hsds3-spec/schema/compiled/" + name)
                        : sample_path("hsds-3.0/" + std::string(name == "openapi.json" ? "" : "schema/") + name);
  if (path.empty()) throw std::runtime_error(name + ": the HSDS 3.0 sample data is absent (KINDRED_SAMPLES_DIR)");
  std::string text;
  if (gz) {
    auto r = run_command("gzip -dc '" + path + "'");
    if (r.exit_code != 0) throw std::runtime_error(name + ": gzip -dc failed");
    text = r.output;
  } else {
    text = slurp(path);
  }
  c.raw.Parse(text.c_str());
  if (c.raw.HasParseError()) throw std::runtime_error(file + " does not parse");
  if (hash != std::string::npos) {
    const rapidjson::Value* sub = rapidjson::Pointer(file.substr(hash + 1).c_str()).Get(c.raw);
    if (!sub) throw std::runtime_error(file + ": no such schema");
    rapidjson::Document copy;
    copy.CopyFrom(*sub, copy.GetAllocator());
    c.raw.Swap(copy);
  }
  c.schema = std::make_unique<rapidjson::SchemaDocument>(c.raw);
  return c;
}

std::vector<std::string> structure(const rapidjson::Value& value, const std::string& file) {
  rapidjson::SchemaValidator validator(*compiled(file).schema);
  if (value.Accept(validator)) return {};
  rapidjson::StringBuffer where, schema_at;
  validator.GetInvalidDocumentPointer().StringifyUriFragment(where);
  validator.GetInvalidSchemaPointer().StringifyUriFragment(schema_at);
  return {std::string(where.GetString()) + ": fails " + validator.GetInvalidSchemaKeyword() + " at " +
          schema_at.GetString()};
}

bool format_ok(const std::string& format, const std::string& s) {
  static const std::regex kUuid("[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  static const std::regex kDateTime(
      "[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?(Z|[+-][0-9]{2}:[0-9]{2})");
  static const std::regex kUri("[A-Za-z][A-Za-z0-9+.-]*:[^ \\x00-\\x1f]+");
  static const std::regex kEmail("[^@ ]+@[^@ ]+\\.[^@ ]+");
  if (format == "uuid") return std::regex_match(s, kUuid);
  if (format == "date-time") return std::regex_match(s, kDateTime);
  if (format == "uri") return std::regex_match(s, kUri);
  if (format == "email") return std::regex_match(s, kEmail);
  return true;
}

// Walks the schema and the value together, checking every `format` RapidJSON ignores.
void formats(const rapidjson::Value& schema, const rapidjson::Value& value, const std::string& path,
             std::vector<std::string>& out) {
  if (!schema.IsObject()) return;
  if (auto f = schema.FindMember("format"); f != schema.MemberEnd() && f->value.IsString() && value.IsString()) {
    if (!format_ok(f->value.GetString(), value.GetString())) {
      out.push_back(path + ": \"" + value.GetString() + "\" is not a " + f->value.GetString());
    }
  }
  if (auto p = schema.FindMember("properties"); p != schema.MemberEnd() && value.IsObject()) {
    for (const auto& m : value.GetObject()) {
      auto sub = p->value.FindMember(m.name);
      if (sub != p->value.MemberEnd()) formats(sub->value, m.value, path + "/" + m.name.GetString(), out);
    }
  }
  if (auto items = schema.FindMember("items"); items != schema.MemberEnd() && value.IsArray()) {
    for (rapidjson::SizeType i = 0; i < value.Size(); ++i) {
      formats(items->value, value[i], path + "/" + std::to_string(i), out);
    }
  }
}

}  // namespace

std::vector<std::string> hsds_service_problems(const rapidjson::Value& service) {
  std::vector<std::string> out = structure(service, "service.json");
  formats(compiled("service.json").raw, service, "", out);
  return out;
}

std::vector<std::string> hsds_problems(const rapidjson::Value& value, const std::string& compiled_name) {
  std::string file = compiled_name + ".gz";
  std::vector<std::string> out = structure(value, file);
  formats(compiled(file).raw, value, "", out);
  return out;
}

std::vector<std::string> hsds_page_problems(const rapidjson::Value& page, const std::string& item_schema) {
  std::vector<std::string> out = structure(page, "openapi.json#/components/schemas/Page");
  if (!page.IsObject() || !page.HasMember("contents") || !page["contents"].IsArray()) {
    out.push_back("/contents: missing or not an array");
    return out;
  }
  const rapidjson::Value& contents = page["contents"];
  for (rapidjson::SizeType i = 0; i < contents.Size(); ++i) {
    for (auto& p : hsds_problems(contents[i], item_schema)) out.push_back("/contents/" + std::to_string(i) + p);
  }
  return out;
}

std::vector<std::string> hsds_list_problems(const rapidjson::Value& page) {
  // openapi.json's GET /services: a Page whose contents are service_list.json items.
  std::vector<std::string> out = structure(page, "openapi.json#/components/schemas/Page");
  if (!page.IsObject() || !page.HasMember("contents") || !page["contents"].IsArray()) {
    out.push_back("/contents: missing or not an array");
    return out;
  }
  const rapidjson::Value& contents = page["contents"];
  for (rapidjson::SizeType i = 0; i < contents.Size(); ++i) {
    for (auto& p : structure(contents[i], "service_list.json")) out.push_back("/contents/" + std::to_string(i) + p);
  }
  return out;
}

}  // namespace kindred::test
