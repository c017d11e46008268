// @brief One listing as HTML, from the listing API's view (html_page.h).
#include "core/listing/listing.h"
#include "core/search/search_params.h"
#include "server/html_escape.h"
#include "server/html_page.h"
#include "server/html_strings.h"
#include "server/html_time.h"

namespace kindred::http::html {
namespace {

using Params = std::vector<QueryParam>;

std::string str(const rapidjson::Value& v, const char* name) {
  if (!v.IsObject()) return "";
  auto it = v.FindMember(name);
  return it != v.MemberEnd() && it->value.IsString() ? std::string(it->value.GetString()) : std::string();
}

const rapidjson::Value* obj(const rapidjson::Value& v, const char* name) {
  if (!v.IsObject()) return nullptr;
  auto it = v.FindMember(name);
  return it != v.MemberEnd() && it->value.IsObject() ? &it->value : nullptr;
}

std::string labels(const Vocabulary& vocabulary, std::string_view facet, const std::vector<std::string>& values,
                   const char* joiner = ", ") {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : joiner) + vocabulary.label(facet, v);
  return out;
}

// A row of facts, left out when `html` is empty. `html` is markup already escaped.
void row(std::string& out, const char* term, const std::string& html) {
  if (!html.empty()) out += "<div><dt>" + text(term) + "</dt><dd>" + html + "</dd></div>";
}

std::string link(const std::string& url, const std::string& label) {
  std::string href = url_attr(url);
  if (href.empty()) return text(label);  // a scheme we do not link: shown, never followed
  // class "url": the text is the address already, so print adds nothing after it.
  return "<a href=\"" + href + "\" rel=\"noreferrer\"" + (label == url ? " class=\"url\"" : "") + ">" + text(label) + "</a>";
}

std::string address(const Location& l) {
  std::string out;
  for (const std::string* part : {&l.name, &l.address}) {
    if (!part->empty()) out += "<span class=\"line\">" + text(*part) + "</span>";
  }
  std::string town = l.locality;
  if (!l.region.empty()) town += (town.empty() ? "" : ", ") + l.region;
  if (!l.postal_code.empty()) town += (town.empty() ? "" : " ") + l.postal_code;
  if (!l.country.empty()) town += (town.empty() ? "" : ", ") + l.country;
  if (!town.empty()) out += "<span class=\"line\">" + text(town) + "</span>";
  return out;
}

}  // namespace

std::string listing_block(const rapidjson::Value& view, const Vocabulary& vocabulary, const Params& params) {
  const rapidjson::Value* json = obj(view, "listing");
  const rapidjson::Value* computed = obj(view, "computed");
  if (!json) return message_block(say::kNotFound, "", params);
  Listing L = listing_from_json(*json);
  Params back;
  for (const auto& p : params) {
    if (p.name != "listing") back.push_back(p);
  }
  std::string out = search_form(back) + "<p class=\"nojs-back\"><a href=\"" + attr(page_link(back)) + "\">← " +
                    text(back.empty() ? say::kNewSearch : say::kBackToResults) + "</a></p>";
  out += "<article class=\"nojs-detail\" aria-labelledby=\"nojs-detail-title\"><h2 id=\"nojs-detail-title\">" +
         text(L.name) + "</h2>";
  bool stale = computed && computed->HasMember("stale") && (*computed)["stale"].IsBool() && (*computed)["stale"].GetBool();
  if (stale) out += "<p class=\"notice warn\">" + text(say::kStale) + "</p>";
  bool ended = computed && computed->HasMember("ended") && (*computed)["ended"].IsBool() && (*computed)["ended"].GetBool();
  if (ended) out += "<p class=\"notice warn\">" + text(say::kEnded) + "</p>";
  out += "<p class=\"description\">" + text(L.description) + "</p><dl class=\"facts\">";
  std::string what = text(vocabulary.label("kind", L.kind));
  if (!L.topics.empty()) what += " · " + text(labels(vocabulary, "topic", L.topics));
  row(out, "What", what);
  row(out, "For", text(L.communities.empty() ? std::string("Everyone") : labels(vocabulary, "community", L.communities)) +
                      (L.eligibility.empty() ? "" : " · " + text(L.eligibility)));
  if (L.referral_required) row(out, "Referral", "Needs a referral");
  row(out, "How", text(labels(vocabulary, "attendance", L.attendance, " + ")));
  if (L.location) row(out, "Address", address(*L.location));
  std::string when;
  for (const auto& m : L.schedule) when += "<span class=\"line\">" + text(meeting_text(m)) + "</span>";
  if (!L.schedule_note.empty()) when += "<span class=\"line\">" + text(L.schedule_note) + "</span>";
  row(out, "When", when);
  if (const rapidjson::Value* next = computed ? obj(*computed, "next_meeting") : nullptr) {
    row(out, "Next", text(next_meeting_text(str(*next, "start"), str(*next, "timezone"))));
  }
  std::string cost = str(*json, "cost_note");
  row(out, "Cost", text(vocabulary.label("cost", L.cost)) + (cost.empty() ? "" : " · " + text(cost)));
  row(out, "Language", text(labels(vocabulary, "language", L.languages)));
  if (!L.facilitation.empty()) row(out, "Led by", text(vocabulary.label("facilitation", L.facilitation)));
  row(out, "Run by", L.organization_url.empty() ? text(L.organization_name) : link(L.organization_url, L.organization_name));
  if (L.status == "paused") row(out, "Status", "Paused for now");
  if (const rapidjson::Value* c = obj(*json, "contact")) {
    std::string url = str(*c, "url"), phone = str(*c, "phone"), email = str(*c, "email");
    if (!url.empty()) row(out, "Website", link(url, url));
    if (!phone.empty()) row(out, "Phone", link("tel:" + phone, phone));
    if (!email.empty()) row(out, "Email", link("mailto:" + email, email));
    row(out, "How to join", text(str(*c, "how_to_join")));
  }
  row(out, "Verified", text(L.last_verified));
  out += "</dl><h3>" + text(say::kSources) + "</h3><ul>";
  auto sources = json->FindMember("sources");
  if (sources != json->MemberEnd() && sources->value.IsArray()) {
    for (const auto& s : sources->value.GetArray()) {
      std::string name = str(s, "name"), url = str(s, "url"), date = str(s, "date");
      out += "<li>" + (url.empty() ? text(name) : link(url, name)) + (date.empty() ? "" : " (" + text(date) + ")") + "</li>";
    }
  }
  out += "</ul><p class=\"nojs-print-hint\">" + text(say::kPrintHint) + "</p>";
  if (!L.schedule.empty()) {
    out += "<p class=\"no-print\"><a href=\"" + attr("/api/v1/listings/" + L.id + ".ics") + "\">Add to calendar (.ics)</a></p>";
  }
  out += "<p class=\"no-print\"><a href=\"" + attr("/suggest?listing=" + query_component(L.id)) + "\">" +
         text(say::kCorrect) + "</a></p>";
  return out + "</article>";
}

}  // namespace kindred::http::html
