// @brief The page template, the search form, the crisis card and messages (html_page.h).
#include "server/html_page.h"

#include "core/base/json_util.h"
#include "server/html_escape.h"
#include "server/html_strings.h"

namespace kindred::http::html {
namespace {

std::string param(const std::vector<QueryParam>& params, std::string_view name) {
  for (const auto& p : params) {
    if (p.name == name) return p.value;
  }
  return "";
}

std::string member(const rapidjson::Value& v, const char* name) {
  auto it = v.FindMember(name);
  return it != v.MemberEnd() && it->value.IsString() ? std::string(it->value.GetString()) : std::string();
}

// A crisis line's name in w's language where web/crisis-lines.json gives one ("names"),
// else its own, marked English for a reader of another language.
std::string line_name(const Words& w, const rapidjson::Value& line) {
  auto names = line.FindMember("names");
  std::string own = names != line.MemberEnd() && names->value.IsObject() ? member(names->value, w.lang().c_str()) : "";
  if (!own.empty()) return "<strong>" + text(own) + "</strong>";
  return std::string(w.lang() == "en" ? "<strong>" : "<strong lang=\"en\">") + text(member(line, "name")) + "</strong>";
}

std::string line_item(const Words& w, const rapidjson::Value& line) {
  std::string out = "<li>" + line_name(w, line);
  for (const char* way : {"call", "text"}) {
    auto it = line.FindMember(way);
    if (it == line.MemberEnd() || !it->value.IsObject()) continue;
    std::string scheme = std::string(way) == "call" ? "tel:" : "sms:";
    std::string href = url_attr(scheme + member(it->value, "dial"));
    if (href.empty()) continue;
    out += " <a class=\"button crisis-action\" href=\"" + href + "\">" +
           text((std::string(way) == "call" ? w(say::kCall) : w(say::kText)) + " " + member(it->value, "display")) +
           "</a>";
  }
  std::string url = url_attr(member(line, "url"));
  if (!url.empty()) out += " <a href=\"" + url + "\" rel=\"noreferrer\">" + text(member(line, "url")) + "</a>";
  // The data's hours are English ("24/7, free"); "24/7" reads the same in every language,
  // so another language gets the hours only when they are figures (as web/safety.js does).
  std::string hours = member(line, "hours");
  bool figures = hours.find_first_not_of("0123456789/ ") == std::string::npos;
  if (!hours.empty() && (w.lang() == "en" || figures)) out += " (" + text(hours) + ")";
  std::string emergency = member(line, "emergency");
  if (!emergency.empty()) out += ". " + text(std::string(w(say::kEmergency)) + emergency) + ".";
  return out + "</li>";
}

bool serves(const rapidjson::Value& line, std::string_view country) {
  auto it = line.FindMember("countries");
  if (country.empty() || it == line.MemberEnd() || !it->value.IsArray()) return false;
  for (const auto& c : it->value.GetArray()) {
    if (c.IsString() && country == c.GetString()) return true;
  }
  return false;
}

// The template's frame (crisis bar, masthead, tagline) in w's language: each
// `data-t="id">text<` gets the page catalog's text, each `data-ta="attr=id"` its attribute,
// as web/i18n.js does with JavaScript.
void translate_frame(const Words& w, std::string& page) {
  for (size_t at = page.find("data-t=\""); at != std::string::npos; at = page.find("data-t=\"", at + 1)) {
    size_t id_end = page.find('"', at + 8), open = page.find('>', at), close = page.find('<', open);
    if (id_end == std::string::npos || open == std::string::npos || close == std::string::npos) break;
    const std::string* said = w.page_text(page.substr(at + 8, id_end - at - 8));
    if (said && close > open + 1) page.replace(open + 1, close - open - 1, text(*said));
  }
  for (size_t at = page.find("data-ta=\""); at != std::string::npos; at = page.find("data-ta=\"", at + 1)) {
    size_t end = page.find('"', at + 9), eq = page.find('=', at + 9), tag = page.rfind('<', at);
    if (end == std::string::npos || eq == std::string::npos || eq > end || tag == std::string::npos) break;
    const std::string* said = w.page_text(page.substr(eq + 1, end - eq - 1));
    std::string name = page.substr(at + 9, eq - at - 9) + "=\"";
    size_t value = page.find(" " + name, tag);
    if (!said || value == std::string::npos || value > at) continue;
    size_t from = value + 1 + name.size(), to = page.find('"', from);
    page.replace(from, to - from, attr(*said));
  }
}

}  // namespace

std::string page_link(const std::vector<QueryParam>& params) {
  std::string out = "/";
  for (const auto& p : params) {
    out += (out.size() == 1 ? "?" : "&") + query_component(p.name) + "=" + query_component(p.value);
  }
  return out;
}

std::string language_switch(const Words& w, std::string_view base) {
  std::string out = "<nav class=\"nojs-languages\" aria-label=\"" + attr(w(say::kLanguageSwitch)) + "\"><ul>";
  std::string join = base.find('?') == std::string_view::npos ? "?" : "&";
  for (const auto& language : kPageLanguages) {
    if (w.lang() == language.code) {
      out += std::string("<li><strong lang=\"") + language.code + "\" aria-current=\"true\">" + language.name + "</strong></li>";
    } else {
      out += std::string("<li><a lang=\"") + language.code + "\" hreflang=\"" + language.code + "\" href=\"" +
             attr(std::string(base) + join + "lang=" + language.code) + "\">" + language.name + "</a></li>";
    }
  }
  return out + "</ul></nav>";
}

std::vector<QueryParam> without_lang(const std::vector<QueryParam>& params) {
  std::vector<QueryParam> out;
  for (const auto& p : params) {
    if (p.name != "lang") out.push_back(p);
  }
  return out;
}

std::string suggest_link(const std::vector<QueryParam>& params, std::string_view listing_id) {
  std::vector<QueryParam> q;
  if (!listing_id.empty()) q.push_back({"listing", std::string(listing_id)});
  std::string lang = param(params, "lang");
  if (!lang.empty()) q.push_back({"lang", lang});
  return "/suggest" + page_link(q).substr(1);
}

std::string fill_page(const Words& w, std::string_view page_template, std::string_view title, std::string_view block) {
  std::string page(page_template);
  std::string wrapped = "<div class=\"nojs\">" + std::string(block) + "</div>";
  size_t at = page.find(kNoScriptMarker), end = page.find(kNoScriptEnd);
  if (at != std::string::npos && end != std::string::npos && end > at) {
    page.replace(at, end + kNoScriptEnd.size() - at, wrapped);
  } else if (size_t body = page.rfind("</body>"); body != std::string::npos) {
    page.insert(body, "<noscript>" + wrapped + "</noscript>");
  } else {
    page += "<noscript>" + wrapped + "</noscript>";
  }
  size_t open = page.find("<title>"), close = page.find("</title>");
  if (open != std::string::npos && close != std::string::npos && close > open) {
    page.replace(open + 7, close - open - 7, text(title));
  }
  translate_frame(w, page);
  // The help line's text for a browser without scripts, in w's language.
  constexpr std::string_view kHelpLineOpen = "<div id=\"help-line\">";
  size_t help = page.find(kHelpLineOpen);
  size_t help_end = help == std::string::npos ? help : page.find("</div>", help);
  if (help_end != std::string::npos) {
    size_t from = help + kHelpLineOpen.size();
    page.replace(from, help_end - from, "<p>" + text(w(say::kHelpLine)) + "</p>");
  }
  // The template's own <html lang="en">: the page is in w's language now.
  size_t html = page.find("<html");
  size_t html_end = html == std::string::npos ? html : page.find('>', html);
  if (html_end != std::string::npos) {
    page.replace(html, html_end + 1 - html, "<html lang=\"" + attr(w.lang()) + "\" dir=\"" + w.dir() + "\">");
  }
  return page;
}

std::string standalone_page(const Words& w, std::string_view title, std::string_view block) {
  return "<!doctype html>\n<html lang=\"" + attr(w.lang()) + "\" dir=\"" + w.dir() + "\"><head><meta charset=\"utf-8\">"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
         "<meta name=\"referrer\" content=\"no-referrer\"><title>" +
         text(title) +
         "</title><link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">"
         "<link rel=\"stylesheet\" href=\"/style.css\"><link rel=\"stylesheet\" href=\"/nojs.css\"></head><body>"
         "<aside class=\"safety\" aria-label=\"Crisis support and quick exit\"><p class=\"note\"><strong>" +
         text(w(say::kNotCrisisCare)) + "</strong></p><p>" + text(w(say::kInCrisis)) +
         " <a href=\"https://findahelpline.com/\">" + text(w(say::kFindHelpline)) +
         "</a></p><a class=\"quick-exit\" href=\"https://www.wikipedia.org/\" rel=\"noreferrer\">" +
         text(w(say::kQuickExit)) + "</a></aside><header class=\"masthead\"><h1 class=\"brand\"><a href=\"/\">Kindred</a> <span>" +
         text(w(say::kTagline)) + "</span></h1></header><main id=\"main\"><div class=\"nojs\">" + std::string(block) +
         "</div></main><footer class=\"footer\"><p>" + text(w(say::kFooter)) + "</p></footer></body></html>\n";
}

std::string search_form(const Words& w, const std::vector<QueryParam>& params) {
  std::string out = "<form class=\"nojs-search\" role=\"search\" action=\"/\" method=\"get\">";
  out += "<div class=\"field\"><label for=\"nojs-q\">" + text(w(say::kSearchLabel)) +
         "</label><input id=\"nojs-q\" name=\"q\" type=\"search\" maxlength=\"500\" value=\"" +
         attr(param(params, "q")) + "\"></div>";
  out += "<div class=\"field\"><label for=\"nojs-near\">" + text(w(say::kNearLabel)) +
         "</label><input id=\"nojs-near\" name=\"near\" type=\"text\" maxlength=\"200\" value=\"" +
         attr(param(params, "near")) + "\"></div>";
  std::string radius = param(params, "radius_km");
  out += "<div class=\"field narrow\"><label for=\"nojs-radius\">" + text(w(say::kRadiusLabel)) +
         "</label><select id=\"nojs-radius\" name=\"radius_km\"><option value=\"\">50</option>";
  for (const char* r : {"10", "25", "100", "200", "500"}) {
    out += std::string("<option value=\"") + r + "\"" + (radius == r ? " selected" : "") + ">" + r + "</option>";
  }
  out += "</select></div>";
  for (const auto& p : params) {  // filters and sort ride along; a new search starts at page 1
    if (p.name == "q" || p.name == "near" || p.name == "radius_km" || p.name == "page" || p.name == "listing" ||
        p.name == "lat" || p.name == "lon") {
      continue;
    }
    out += "<input type=\"hidden\" name=\"" + attr(p.name) + "\" value=\"" + attr(p.value) + "\">";
  }
  return out + "<button type=\"submit\" class=\"primary\">" + text(w(say::kSearchButton)) + "</button></form>";
}

std::string start_block(const Words& w) {
  return language_switch(w, "/") + search_form(w, {}) + "<p class=\"nojs-note\">" + text(w(say::kNoJsNote)) + "</p>";
}

std::string crisis_card(const Words& w, std::string_view lines_json, std::string_view country) {
  rapidjson::Document doc;
  if (!parse_json(lines_json, doc) || !doc.IsObject() || !doc.HasMember("lines") || !doc["lines"].IsArray()) return "";
  std::string first, rest;
  for (const auto& line : doc["lines"].GetArray()) {
    if (line.IsObject()) (serves(line, country) ? first : rest) += line_item(w, line);
  }
  if (doc.HasMember("fallback") && doc["fallback"].IsObject()) {
    const auto& f = doc["fallback"];
    std::string url = url_attr(member(f, "url"));
    // Its summary is the data's English; another language says it with the page's "lists".
    const std::string* lists = w.lang() == "en" ? nullptr : w.page_text("lists");
    const std::string colon = w(say::kColon);
    if (!url.empty()) {
      rest += "<li>" + text(member(f, "name")) + colon + "<a href=\"" + url + "\" rel=\"noreferrer\">" +
              text(member(f, "url")) + "</a>, " + text(lists ? *lists : member(f, "summary")) + "</li>";
    }
  }
  return "<section class=\"crisis-card\" aria-labelledby=\"nojs-crisis-title\"><h2 id=\"nojs-crisis-title\">" +
         text(w(say::kCrisisTitle)) + "</h2><p>" + text(w(say::kCrisisIntro)) + "</p><ul>" + first + rest + "</ul></section>";
}

std::string message_block(const Words& w, std::string_view title, std::string_view message,
                          const std::vector<QueryParam>& params) {
  return search_form(w, params) + "<section class=\"nojs-message\" aria-labelledby=\"nojs-message-title\">" +
         "<h2 id=\"nojs-message-title\">" + text(title) + "</h2><p class=\"error\">" + text(message) + "</p></section>";
}

}  // namespace kindred::http::html
