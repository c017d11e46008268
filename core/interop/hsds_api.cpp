// @brief The HSDS 3.0 API's shapes (see hsds_api.h).
#include "core/interop/hsds_api.h"

#include "core/base/json_build.h"

namespace kindred {
namespace {

using rapidjson::Value;

// The members of `obj` that are not arrays (one-to-one fields), copied.
Value one_to_one(const Value& obj, HsdsAlloc& a) {
  Value out(rapidjson::kObjectType);
  if (!obj.IsObject()) return out;
  for (const auto& m : obj.GetObject()) {
    if (!m.value.IsArray()) out.AddMember(Value(m.name, a), Value(m.value, a), a);
  }
  return out;
}

}  // namespace

Value hsds_service_list_item(const Value& service, HsdsAlloc& a) { return one_to_one(service, a); }

Value hsds_organization(const std::vector<const Value*>& services, bool with_services, HsdsAlloc& a) {
  // Every service names the same organisation object (hsds_export.h); its description
  // there names one service, so the organisation's own names them all.
  Value out = one_to_one((*services.front())["organization"], a);
  std::string name = json::get_text(out, "name"), runs;
  for (const Value* s : services) runs += (runs.empty() ? "" : "; ") + json::get_text(*s, "name");
  out.RemoveMember("description");
  json::add_text(out, "description", name + " runs " + runs + ".", a);
  if (with_services) {
    Value list(rapidjson::kArrayType);
    for (const Value* s : services) list.PushBack(hsds_service_list_item(*s, a), a);
    json::add(out, "services", std::move(list), a);
  }
  return out;
}

std::vector<Value> hsds_service_at_locations(const Value& service, HsdsAlloc& a) {
  std::vector<Value> out;
  auto sals = service.FindMember("service_at_locations");
  if (sals == service.MemberEnd() || !sals->value.IsArray()) return out;
  for (const auto& sal : sals->value.GetArray()) {
    Value item(rapidjson::kObjectType);
    Value location = one_to_one(sal["location"], a);
    json::add_text(item, "id", json::get_text(sal, "id"), a);
    json::add_text(item, "service_id", json::get_text(service, "id"), a);
    json::add_text(item, "location_id", json::get_text(location, "id"), a);
    json::add(item, "location", std::move(location), a);
    json::add(item, "service", hsds_service_list_item(service, a), a);
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace kindred
