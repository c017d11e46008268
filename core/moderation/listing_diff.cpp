// @brief See listing_diff.h.
#include "core/moderation/listing_diff.h"

#include "core/base/json_util.h"

namespace kindred {
namespace {

void diff_into(const rapidjson::Value* before, const rapidjson::Value* after, const std::string& path,
               std::vector<FieldChange>& out) {
  bool both_objects = before && after && before->IsObject() && after->IsObject();
  if (!both_objects || path.empty()) {
    if (!path.empty()) {
      if (before && after && *before == *after) return;
      out.push_back({path, before ? to_json(*before) : "", after ? to_json(*after) : ""});
      return;
    }
  }
  // Objects (and the root, whatever it is): member by member.
  static const rapidjson::Value kEmpty(rapidjson::kObjectType);
  const rapidjson::Value& b = before && before->IsObject() ? *before : kEmpty;
  const rapidjson::Value& a = after && after->IsObject() ? *after : kEmpty;
  for (auto m = a.MemberBegin(); m != a.MemberEnd(); ++m) {
    auto other = b.FindMember(m->name);
    std::string child = path_join(path, m->name.GetString());
    const rapidjson::Value* old = other == b.MemberEnd() ? nullptr : &other->value;
    if (old && old->IsObject() && m->value.IsObject()) {
      diff_into(old, &m->value, child, out);
    } else if (!old || !(*old == m->value)) {
      out.push_back({child, old ? to_json(*old) : "", to_json(m->value)});
    }
  }
  for (auto m = b.MemberBegin(); m != b.MemberEnd(); ++m) {
    if (!a.HasMember(m->name)) out.push_back({path_join(path, m->name.GetString()), to_json(m->value), ""});
  }
}

}  // namespace

std::vector<FieldChange> diff_json(const rapidjson::Value& before, const rapidjson::Value& after) {
  std::vector<FieldChange> out;
  diff_into(before.IsNull() ? nullptr : &before, &after, "", out);
  return out;
}

}  // namespace kindred
