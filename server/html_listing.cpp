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

std::string labels(const Vocabulary& vocabulary, const std::string& lang, std::string_view facet,
                   const std::vector<std::string>& values, const char* joiner = ", ") {
  std::string out;
  for (const auto& v : values) out += (out.empty() ? "" : joiner) + vocabulary.label(facet, v, lang);
  return out;
}

// A row of facts, left out when `html` is empty. `html` is markup already escaped.
void row(std::string& out, const std::string& term, const std::string& html) {
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

std::string listing_block(const Words& w, const rapidjson::Value& view, const Vocabulary& vocabulary, const Params& params) {
  const rapidjson::Value* json = obj(view, "listing");
  const rapidjson::Value* computed = obj(view, "computed");
  if (!json) return message_block(w, w(say::kNotFound), "", params);
  Listing L = listing_from_json(*json);
  Params back;
  for (const auto& p : params) {
    if (p.name != "listing") back.push_back(p);
  }
  // The listing's own text (name, description) may be in another language than the page.
  std::string text_language = str(view, "text_language");
  std::string lang_attr = text_language.empty() || text_language == w.lang() ? "" : " lang=\"" + attr(text_language) + "\"";
  std::string out = language_switch(w, page_link(without_lang(params))) + search_form(w, back) + "<p class=\"nojs-back\"><a href=\"" + attr(page_link(back)) + "\">← " +
                    text(back.empty() ? w(say::kNewSearch) : w(say::kBackToResults)) + "</a></p>";
  out += "<article class=\"nojs-detail\" aria-labelledby=\"nojs-detail-title\"><h2 id=\"nojs-detail-title\"" +
         lang_attr + ">" + text(L.name) + "</h2>";
  bool stale = computed && computed->HasMember("stale") && (*computed)["stale"].IsBool() && (*computed)["stale"].GetBool();
  if (stale) out += "<p class=\"notice warn\">" + text(w(say::kStale)) + "</p>";
  bool ended = computed && computed->HasMember("ended") && (*computed)["ended"].IsBool() && (*computed)["ended"].GetBool();
  if (ended) out += "<p class=\"notice warn\">" + text(w(say::kEnded)) + "</p>";
  out += "<p class=\"description\"" + lang_attr + ">" + text(L.description) + "</p><dl class=\"facts\">";
  std::string what = text(vocabulary.label("kind", L.kind, w.lang()));
  if (!L.topics.empty()) what += " · " + text(labels(vocabulary, w.lang(), "topic", L.topics));
  row(out, w(say::kRowWhat), what);
  row(out, w(say::kRowFor), text(L.communities.empty() ? w(say::kEveryone) : labels(vocabulary, w.lang(), "community", L.communities)) +
                      (L.eligibility.empty() ? "" : " · " + text(L.eligibility)));
  if (L.referral_required) row(out, w(say::kRowReferral), text(w(say::kNeedsReferral)));
  row(out, w(say::kRowHow), text(labels(vocabulary, w.lang(), "attendance", L.attendance, " + ")));
  if (L.location) row(out, w(say::kRowAddress), address(*L.location));
  std::string when;
  for (const auto& m : L.schedule) when += "<span class=\"line\">" + text(meeting_text(w, m)) + "</span>";
  if (!L.schedule_note.empty()) when += "<span class=\"line\">" + text(L.schedule_note) + "</span>";
  row(out, w(say::kRowWhen), when);
  if (const rapidjson::Value* next = computed ? obj(*computed, "next_meeting") : nullptr) {
    row(out, w(say::kRowNext), text(next_meeting_text(w, str(*next, "start"), str(*next, "timezone"))));
  }
  std::string cost = str(*json, "cost_note");
  row(out, w(say::kRowCost), text(vocabulary.label("cost", L.cost, w.lang())) + (cost.empty() ? "" : " · " + text(cost)));
  row(out, w(say::kRowLanguage), text(labels(vocabulary, w.lang(), "language", L.languages)));
  if (!L.facilitation.empty()) row(out, w(say::kRowLedBy), text(vocabulary.label("facilitation", L.facilitation, w.lang())));
  row(out, w(say::kRowRunBy), L.organization_url.empty() ? text(L.organization_name) : link(L.organization_url, L.organization_name));
  if (L.status == "paused") row(out, w(say::kRowStatus), text(w(say::kPaused)));
  if (const rapidjson::Value* c = obj(*json, "contact")) {
    std::string url = str(*c, "url"), phone = str(*c, "phone"), email = str(*c, "email");
    if (!url.empty()) row(out, w(say::kRowWebsite), link(url, url));
    if (!phone.empty()) row(out, w(say::kRowPhone), link("tel:" + phone, phone));
    if (!email.empty()) row(out, w(say::kRowEmail), link("mailto:" + email, email));
    row(out, w(say::kRowHowToJoin), text(str(*c, "how_to_join")));
  }
  row(out, w(say::kRowVerified), text(L.last_verified));
  out += "</dl><h3>" + text(w(say::kSources)) + "</h3><ul>";
  auto sources = json->FindMember("sources");
  if (sources != json->MemberEnd() && sources->value.IsArray()) {
    for (const auto& s : sources->value.GetArray()) {
      std::string name = str(s, "name"), url = str(s, "url"), date = str(s, "date");
      out += "<li>" + (url.empty() ? text(name) : link(url, name)) + (date.empty() ? "" : " (" + text(date) + ")") + "</li>";
    }
  }
  out += "</ul><p class=\"nojs-print-hint\">" + text(w(say::kPrintHint)) + "</p>";
  if (!L.schedule.empty()) {
    out += "<p class=\"no-print\"><a href=\"" + attr("/api/v1/listings/" + L.id + ".ics") + "\">" + text(w(say::kAddToCalendar)) + "</a></p>";
  }
  out += "<p class=\"no-print\"><a href=\"" + attr(suggest_link(params, L.id)) + "\">" +
         text(w(say::kCorrect)) + "</a></p>";
  return out + "</article>";
}

}  // namespace kindred::http::html
