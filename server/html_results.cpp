// @brief A search answer as HTML: filters as links with counts, results, pager (html_page.h).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "server/html_escape.h"
#include "server/html_page.h"
#include "server/html_strings.h"
#include "server/html_time.h"

namespace kindred::http::html {
namespace {

using Params = std::vector<QueryParam>;

// The same search with `name=value` added or taken away, back on page 1.
Params toggled(const Params& params, const std::string& name, const std::string& value) {
  Params out;
  bool removed = false;
  for (const auto& p : params) {
    if (p.name == "page" || p.name == "listing") continue;
    if (p.name == name && p.value == value) {
      removed = true;
      continue;
    }
    out.push_back(p);
  }
  if (!removed) out.push_back({name, value});
  return out;
}

Params with_page(const Params& params, uint32_t page) {
  Params out;
  for (const auto& p : params) {
    if (p.name != "page" && p.name != "listing") out.push_back(p);
  }
  if (page > 1) out.push_back({"page", std::to_string(page)});
  return out;
}

std::string facets_html(const Words& w, const SearchResult& result, const Params& params) {
  std::string out = "<nav class=\"nojs-filters\" aria-labelledby=\"nojs-filters-title\"><h2 id=\"nojs-filters-title\">" +
                    text(w(say::kFilters)) + "</h2>";
  for (const auto& facet : result.facets) {
    std::string items;
    for (const auto& v : facet.values) {
      if (v.count == 0 && !v.selected) continue;
      std::string label = v.label + " (" + std::to_string(v.count) + ")";
      std::string href = attr(page_link(toggled(params, facet.name, v.value)));
      if (v.selected) {
        items += "<li><a href=\"" + href + "\" aria-current=\"true\" class=\"selected\">✓ " + text(label) +
                 " <span class=\"vh\">(" + text(w(say::kRemove)) + ")</span></a></li>";
      } else {
        items += "<li><a href=\"" + href + "\">" + text(label) + "</a></li>";
      }
    }
    if (items.empty()) continue;
    out += "<h3>" + text(facet.label) + "</h3><ul>" + items + "</ul>";
  }
  return out + "</nav>";
}

// ` lang="xx"` when a listing's text is not in the page's language, so it is read aloud in its own.
std::string lang_attr(const Words& w, const std::string& text_language) {
  return text_language.empty() || text_language == w.lang() ? "" : " lang=\"" + attr(text_language) + "\"";
}

std::string hit_html(const Words& w, const Hit& h, const Params& params, const Vocabulary& vocabulary) {
  Params detail = with_page(params, 1);
  for (const auto& p : params) {
    if (p.name == "page") detail.push_back(p);
  }
  detail.push_back({"listing", h.id});
  std::string out = "<li class=\"card\"><h3><a href=\"" + attr(page_link(detail)) + "\"" + lang_attr(w, h.text_language) + ">" + text(h.name) + "</a></h3>";
  std::string what = vocabulary.label("kind", h.kind, w.lang());
  if (!h.organization.empty()) what += " · " + h.organization;
  out += "<p class=\"kind\">" + text(what) + "</p>";
  std::string how;
  for (const auto& a : h.attendance) how += (how.empty() ? "" : " + ") + vocabulary.label("attendance", a, w.lang());
  if (h.distance_km) {
    char km[32];
    std::snprintf(km, sizeof km, "%.1f ", std::round(*h.distance_km * 10) / 10);
    how += (how.empty() ? "" : " · ") + std::string(km) + w(say::kKmAway);
  } else if (h.serves_place) {
    how += (how.empty() ? "" : " · ") + w(say::kServesYourArea);
  }
  if (!how.empty()) out += "<p>" + text(how) + "</p>";
  if (h.next_meeting) out += "<p>" + text(w(say::kNextMeeting) + " " + next_meeting_text(w, h.next_meeting->start, h.next_meeting->timezone)) + "</p>";
  if (!h.snippet.empty()) out += "<p class=\"snippet\"" + lang_attr(w, h.text_language) + ">" + text(h.snippet) + "</p>";
  if (h.status == "paused") out += "<p>" + text(w(say::kPaused)) + "</p>";
  return out + "</li>";
}

std::string summary(const Words& w, const SearchResult& result, const SearchRequest& request) {
  std::string s = w.count(say::kResultsOne, say::kResultsOther, result.total);
  if (!request.q.empty()) {
    s += " " + (result.relaxed ? w(say::kWithSomeWordsOf) : w(say::kFor)) + " “" +
         (result.corrected ? result.corrected->to : request.q) + "”";
  }
  if (result.place) s += " " + w(say::kNear) + " " + result.place->place.name + (result.place->place.admin1.empty() ? "" : ", " + result.place->place.admin1);
  return s;
}

}  // namespace

std::string search_block(const Words& w, const SearchResult& result, const SearchRequest& request, const Params& params,
                         const Vocabulary& vocabulary, std::string_view crisis_lines_json) {
  // A flagged search leads with the crisis lines, before anything else the server says.
  std::string out;
  if (result.crisis) {
    out += crisis_card(w, crisis_lines_json, result.place ? std::string_view(result.place->place.country) : "");
  }
  out += language_switch(w, page_link(without_lang(params))) + search_form(w, params);
  out += "<div class=\"nojs-layout\">" + facets_html(w, result, params);
  out += "<section class=\"nojs-results\" aria-labelledby=\"nojs-results-title\"><h2 id=\"nojs-results-title\">" +
         text(w(say::kResults)) + "</h2><p>" + text(summary(w, result, request)) + "</p>";
  if (result.hits.empty() && result.also_nearby.empty()) out += "<p>" + text(w(say::kNoResults)) + "</p>";
  out += "<ol class=\"cards\">";
  for (const auto& h : result.hits) out += hit_html(w, h, params, vocabulary);
  for (const auto& h : result.also_nearby) out += hit_html(w, h, params, vocabulary);
  out += "</ol>";
  uint64_t pages = (result.total + request.per_page - 1) / request.per_page;
  if (pages > 1) {
    out += "<nav class=\"pager\" aria-label=\"" + attr(w(say::kResultPages)) + "\">";
    if (request.page > 1) {
      out += "<a rel=\"prev\" href=\"" + attr(page_link(with_page(params, request.page - 1))) + "\">" + text(w(say::kPrevious)) + "</a> ";
    }
    out += "<span>" + text(w(say::kPage) + " " + std::to_string(request.page) + " " + w(say::kOf) + " " + std::to_string(pages)) + "</span>";
    if (request.page < pages) {
      out += " <a rel=\"next\" href=\"" + attr(page_link(with_page(params, request.page + 1))) + "\">" + text(w(say::kNext)) + "</a>";
    }
    out += "</nav>";
  }
  out += "</section></div><p><a href=\"" + attr(suggest_link(params)) + "\">" + text(w(say::kSuggest)) + "</a></p>";
  out += "<p class=\"nojs-note\">" + text(w(say::kNoJsNote)) + "</p>";
  return out;
}

}  // namespace kindred::http::html
