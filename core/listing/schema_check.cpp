// @brief Every-problem JSON Schema checking over RapidJSON's first-problem validator.
#include "core/listing/schema_check.h"

#include <mutex>
#include <set>
#include <unordered_map>

#include <rapidjson/internal/regex.h>
#include <rapidjson/pointer.h>
#include <rapidjson/schema.h>

#include "core/base/json_util.h"

namespace kindred {
namespace {

using rapidjson::Value;

const char* type_name(const Value& v) {
  if (v.IsNull()) return "null";
  if (v.IsBool()) return "boolean";
  if (v.IsObject()) return "object";
  if (v.IsArray()) return "array";
  if (v.IsString()) return "string";
  if (v.IsInt64() || v.IsUint64()) return "integer";
  return "number";
}

const Value* member(const Value& node, const char* name) {
  if (!node.IsObject()) return nullptr;
  auto it = node.FindMember(name);
  return it == node.MemberEnd() ? nullptr : &it->value;
}

std::string join_enum(const Value& values) {
  std::string out;
  for (const auto& v : values.GetArray()) {
    if (!out.empty()) out += ", ";
    out += v.IsString() ? std::string(v.GetString()) : to_json(v);
  }
  return out;
}

// RapidJSON keeps duplicate keys and the schema validator does not object, but later
// readers see only one of them: report every repeat, wherever it is.
void find_duplicates(const Value& v, const std::string& path, std::vector<Problem>& out) {
  if (v.IsObject()) {
    std::set<std::string> seen;
    for (const auto& m : v.GetObject()) {
      std::string child = path_join(path, m.name.GetString());
      if (!seen.insert(m.name.GetString()).second) out.push_back({child, "field appears more than once"});
      find_duplicates(m.value, child, out);
    }
  } else if (v.IsArray()) {
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i) find_duplicates(v[i], path_index(path, i), out);
  }
}

}  // namespace

struct SchemaChecker::Impl {
  // One compiled node: its own document (the node plus the root's definitions, so local
  // $refs resolve) and the SchemaDocument built from it, which refers into that document.
  struct Compiled {
    rapidjson::Document doc;
    std::unique_ptr<rapidjson::SchemaDocument> schema;
  };

  rapidjson::Document root;
  std::unordered_map<const Value*, std::unique_ptr<Compiled>> compiled;

  // RapidJSON 1.1.0 keeps a regex's matching state inside the compiled pattern
  // (GenericRegex::Search writes its state0_, state1_ and stateSet_), so one SchemaDocument
  // with a "pattern" must not check two values at once: a parallel build crashed in
  // Search. Each check borrows a copy of this checker of its own from the pool (a copy
  // costs one compile of the small schema, once per thread that ever checks at once).
  std::mutex pool_mu;
  std::vector<std::unique_ptr<Impl>> pool;

  std::unique_ptr<Impl> borrow() {
    {
      std::lock_guard<std::mutex> lock(pool_mu);
      if (!pool.empty()) {
        auto copy = std::move(pool.back());
        pool.pop_back();
        return copy;
      }
    }
    auto copy = std::make_unique<Impl>();
    copy->root.CopyFrom(root, copy->root.GetAllocator());
    copy->compile_tree(&copy->root, "#");  // cannot fail: this schema compiled before
    return copy;
  }

  void give_back(std::unique_ptr<Impl> copy) {
    std::lock_guard<std::mutex> lock(pool_mu);
    pool.push_back(std::move(copy));
  }

  const Value* resolve(const Value* node) const {
    // Follow local references ("#/definitions/x"); bounded so a cycle cannot loop.
    for (int hops = 0; hops < 16 && node; ++hops) {
      const Value* ref = member(*node, "$ref");
      if (!ref || !ref->IsString()) return node;
      std::string target = ref->GetString();
      if (target.empty() || target[0] != '#') return nullptr;
      node = rapidjson::Pointer(target.substr(1).c_str()).Get(root);
    }
    return nullptr;
  }

  Status compile_tree(const Value* node, const std::string& where) {
    node = resolve(node);
    if (!node || !node->IsObject()) {
      return make_error(ErrorCode::kCorrupt, "schema node " + where + " is not an object");
    }
    if (compiled.count(node)) return Ok{};
    // RapidJSON silently ignores a pattern its regex engine cannot compile (it has no
    // \\s or \\d, for example); refuse such a schema instead of checking less than it says.
    if (const Value* pattern = member(*node, "pattern"); pattern && pattern->IsString()) {
      if (!rapidjson::internal::Regex(pattern->GetString()).IsValid()) {
        return make_error(ErrorCode::kCorrupt, "schema node " + where + ": pattern " +
                                                   pattern->GetString() + " is not supported by RapidJSON");
      }
    }
    auto c = std::make_unique<Compiled>();
    c->doc.SetObject();
    auto& alloc = c->doc.GetAllocator();
    for (const auto& m : node->GetObject()) {
      c->doc.AddMember(Value(m.name, alloc), Value(m.value, alloc), alloc);
    }
    if (const Value* defs = member(root, "definitions"); defs && !c->doc.HasMember("definitions")) {
      c->doc.AddMember("definitions", Value(*defs, alloc), alloc);
    }
    c->schema = std::make_unique<rapidjson::SchemaDocument>(c->doc);
    compiled.emplace(node, std::move(c));
    if (const Value* props = member(*node, "properties")) {
      for (const auto& m : props->GetObject()) {
        Status s = compile_tree(&m.value, where + "/properties/" + m.name.GetString());
        if (!s) return s;
      }
    }
    // A map whose values share one schema ("translations": language -> texts).
    if (const Value* extra = member(*node, "additionalProperties"); extra && extra->IsObject()) {
      Status s = compile_tree(extra, where + "/additionalProperties");
      if (!s) return s;
    }
    if (const Value* items = member(*node, "items")) {
      return compile_tree(items, where + "/items");
    }
    return Ok{};
  }

  bool valid(const Value* node, const Value& v) const {
    rapidjson::SchemaValidator validator(*compiled.at(node)->schema);
    return v.Accept(validator);
  }

  // The message for a value that fails `node` itself (not one of its children).
  std::string leaf_message(const Value* node, const Value& v) const {
    rapidjson::SchemaValidator validator(*compiled.at(node)->schema);
    v.Accept(validator);
    std::string keyword = validator.GetInvalidSchemaKeyword();
    const Value* custom = member(*node, "errorMessage");
    // The failing keyword need not be `node`'s own: with a duplicated member name the
    // walk skips the second copy (find_duplicates reports it), and its failure surfaces
    // here. Describe a rule from `node` only when `node` has it (a null dereference
    // crashed the validator on {"kind": "support-group", "kind": "x"}; found by fuzzing).
    const Value* rule = member(*node, keyword.c_str());
    if (keyword == "type") {
      return std::string("expected ") +
             (rule && rule->IsString() ? rule->GetString() : "another type") + ", got " +
             type_name(v);
    }
    if (keyword == "enum" && rule) {
      return quote_value(v) + " is not one of: " + join_enum(*rule);
    }
    if (custom && custom->IsString() && v.IsString()) {
      return quote_value(v) + " " + custom->GetString();
    }
    if (keyword == "minProperties" && rule && rule->IsUint() && rule->GetUint() == 1) {
      return "must not be empty";
    }
    if ((keyword == "minLength" || keyword == "maxLength") && rule && rule->IsUint()) {
      return std::string("must be ") + (keyword == "minLength" ? "at least " : "at most ") +
             std::to_string(rule->GetUint()) + " characters long";
    }
    if ((keyword == "minimum" || keyword == "maximum") && rule) {
      return quote_value(v) + " must be " + (keyword == "minimum" ? "at least " : "at most ") +
             to_json(*rule);
    }
    if (keyword == "pattern" && rule && rule->IsString()) {
      return quote_value(v) + " does not match " + rule->GetString();
    }
    return "fails the schema rule \"" + keyword + "\"";
  }

  void walk(const Value* node, const Value& v, const std::string& path,
            std::vector<Problem>& out) const {
    node = resolve(node);
    if (valid(node, v)) return;
    size_t before = out.size();
    if (v.IsObject() && member(*node, "properties")) walk_object(node, v, path, out);
    if (const Value* extra = member(*node, "additionalProperties");
        v.IsObject() && extra && extra->IsObject() && !member(*node, "properties")) {
      for (const auto& m : v.GetObject()) walk(extra, m.value, path_join(path, m.name.GetString()), out);
    }
    if (v.IsArray() && member(*node, "items")) walk_array(node, v, path, out);
    if (out.size() == before) out.push_back({path, leaf_message(node, v)});
  }

  void walk_object(const Value* node, const Value& v, const std::string& path,
                   std::vector<Problem>& out) const {
    const Value& props = *member(*node, "properties");
    const Value* extra = member(*node, "additionalProperties");
    bool closed = extra && extra->IsBool() && !extra->GetBool();
    std::set<std::string> seen;
    for (const auto& m : v.GetObject()) {
      std::string name = m.name.GetString();
      std::string child = path_join(path, name);
      if (!seen.insert(name).second) continue;  // reported by find_duplicates

      auto p = props.FindMember(m.name);
      if (p == props.MemberEnd()) {
        if (closed) out.push_back({child, "unknown field \"" + name + "\""});
        continue;
      }
      walk(&p->value, m.value, child, out);
    }
    if (const Value* required = member(*node, "required")) {
      for (const auto& r : required->GetArray()) {
        if (!v.HasMember(r)) {
          out.push_back({path_join(path, r.GetString()), "required field is missing"});
        }
      }
    }
  }

  void walk_array(const Value* node, const Value& v, const std::string& path,
                  std::vector<Problem>& out) const {
    const Value* min_items = member(*node, "minItems");
    if (min_items && v.Size() < min_items->GetUint()) {
      out.push_back({path, "must have at least " + std::to_string(min_items->GetUint()) +
                               (min_items->GetUint() == 1 ? " item" : " items")});
    }
    const Value* unique = member(*node, "uniqueItems");
    bool check_unique = unique && unique->IsBool() && unique->GetBool();
    std::set<std::string> seen;
    for (rapidjson::SizeType i = 0; i < v.Size(); ++i) {
      std::string child = path_index(path, i);
      if (check_unique && !seen.insert(to_json(v[i])).second) {
        out.push_back({child, quote_value(v[i]) + " is listed more than once"});
      }
      walk(member(*node, "items"), v[i], child, out);
    }
  }
};

SchemaChecker::SchemaChecker(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
SchemaChecker::SchemaChecker(SchemaChecker&&) noexcept = default;
SchemaChecker& SchemaChecker::operator=(SchemaChecker&&) noexcept = default;
SchemaChecker::~SchemaChecker() = default;

Expected<SchemaChecker> SchemaChecker::load(const std::string& path) {
  auto text = read_file(path);
  if (!text) return text.error();
  return parse(*text, path);
}

Expected<SchemaChecker> SchemaChecker::parse(std::string_view json, const std::string& source_name) {
  auto impl = std::make_unique<Impl>();
  if (Status s = parse_json(json, impl->root); !s) {
    return make_error(ErrorCode::kCorrupt, source_name + ": " + s.error().message);
  }
  if (!impl->root.IsObject()) {
    return make_error(ErrorCode::kCorrupt, source_name + ": a schema must be a JSON object");
  }
  if (Status s = impl->compile_tree(&impl->root, "#"); !s) {
    return make_error(ErrorCode::kCorrupt, source_name + ": " + s.error().message);
  }
  return SchemaChecker(std::move(impl));
}

std::vector<Problem> SchemaChecker::check(const rapidjson::Value& value,
                                          const std::string& base_path) const {
  std::vector<Problem> out;
  find_duplicates(value, base_path, out);
  std::unique_ptr<Impl> mine = impl_->borrow();
  mine->walk(&mine->root, value, base_path, out);
  impl_->give_back(std::move(mine));
  return out;
}

std::vector<std::string> SchemaChecker::enum_values(std::string_view pointer) const {
  std::vector<std::string> out;
  const Value* node = impl_->resolve(rapidjson::Pointer(std::string(pointer).c_str()).Get(impl_->root));
  const Value* values = node ? member(*node, "enum") : nullptr;
  if (!values || !values->IsArray()) return out;
  for (const auto& v : values->GetArray()) {
    if (v.IsString()) out.emplace_back(v.GetString());
  }
  return out;
}

}  // namespace kindred
