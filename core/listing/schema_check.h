// @brief JSON Schema (draft 4) checking with RapidJSON that reports every problem, not
// just the first.
//
// RapidJSON 1.1.0's validator stops at the first failure. SchemaChecker compiles every
// node of the schema into its own RapidJSON SchemaDocument, validates the whole value
// first (the fast path) and, only if that fails, walks objects and arrays itself so each
// failing leaf is reported with its own path and a message a maintainer can act on.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <rapidjson/document.h>

#include "core/base/error.h"

namespace kindred {

class SchemaChecker {
 public:
  // Loads and compiles a schema file. kCorrupt if it is not a usable draft-4 schema.
  static Expected<SchemaChecker> load(const std::string& path);
  static Expected<SchemaChecker> parse(std::string_view json, const std::string& source_name);

  SchemaChecker(SchemaChecker&&) noexcept;
  SchemaChecker& operator=(SchemaChecker&&) noexcept;
  ~SchemaChecker();

  // Every way `value` fails the schema; paths are `base_path` + the value's own path
  // ("listings[3]" + ".location.region"). Empty means valid. Thread-safe (const).
  std::vector<Problem> check(const rapidjson::Value& value, const std::string& base_path) const;

  // The string values of the `enum` at a JSON pointer into the schema
  // ("/definitions/topic", "/properties/kind"); empty if there is none there.
  std::vector<std::string> enum_values(std::string_view pointer) const;

 private:
  struct Impl;
  explicit SchemaChecker(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kindred
