// @brief The public suggestion form and its answer as HTML (html_page.h).
#include "server/html_escape.h"
#include "server/html_page.h"
#include "server/html_strings.h"

namespace kindred::http::html {
namespace {

std::string field_id(std::string_view name) { return "suggest-" + std::string(name); }

std::string problem_for(const std::vector<Problem>& problems, std::string_view field) {
  for (const auto& p : problems) {
    if (p.path == field) return p.message;
  }
  return "";
}

// A labelled input or textarea; a problem with it is named next to it and tied to it.
std::string input(const std::string& label, std::string_view name, const std::string& value,
                  const std::vector<Problem>& problems, const std::string& hint = "", bool area = false, const char* type = "text", size_t max = 200) {
  std::string id = field_id(name), problem = problem_for(problems, name), described;
  if (!hint.empty()) described += id + "-hint";
  if (!problem.empty()) described += (described.empty() ? "" : " ") + id + "-problem";
  std::string out = "<div class=\"field wide\"><label for=\"" + id + "\">" + text(label) + "</label>";
  if (!hint.empty()) out += "<p class=\"hint\" id=\"" + id + "-hint\">" + text(hint) + "</p>";
  if (!problem.empty()) out += "<p class=\"error\" id=\"" + id + "-problem\">" + text(problem) + "</p>";
  std::string common = " id=\"" + id + "\" name=\"" + attr(name) + "\" maxlength=\"" + std::to_string(max) + "\"" +
                       (described.empty() ? "" : " aria-describedby=\"" + described + "\"") +
                       (problem.empty() ? "" : " aria-invalid=\"true\"");
  if (area) {
    out += "<textarea" + common + " rows=\"6\">" + text(value) + "</textarea>";
  } else {
    out += "<input type=\"" + std::string(type) + "\"" + common + " value=\"" + attr(value) + "\">";
  }
  return out + "</div>";
}

}  // namespace

std::string suggest_form_block(const Words& w, const Suggestion& values, const std::vector<Problem>& problems,
                               std::string_view listing_name, std::string_view lang_param) {
  std::string out = "<section class=\"nojs-suggest\" aria-labelledby=\"suggest-title\"><h2 id=\"suggest-title\">" +
                    text(w(say::kSuggestTitle)) + "</h2><p>" + text(w(say::kSuggestIntro)) + "</p><p>" +
                    text(w(say::kSuggestNext)) + "</p><p>" + text(w(say::kSuggestPrivacy)) + "</p>";
  if (!problems.empty()) {
    out += "<div class=\"notice warn\" role=\"alert\"><p>" + text(w(say::kProblems)) + "</p><ul>";
    for (const auto& p : problems) {
      out += "<li><a href=\"#" + attr(field_id(p.path)) + "\">" + text(p.path + ": " + p.message) + "</a></li>";
    }
    out += "</ul></div>";
  }
  out += "<form action=\"/suggest\" method=\"post\" class=\"suggest-form\">";
  if (!lang_param.empty()) out += "<input type=\"hidden\" name=\"lang\" value=\"" + attr(lang_param) + "\">";
  bool correct = values.action == "correct";
  if (correct && !values.listing_id.empty()) {
    out += "<input type=\"hidden\" name=\"action\" value=\"correct\">";
    out += "<input type=\"hidden\" name=\"listing_id\" value=\"" + attr(values.listing_id) + "\">";
    out += "<p><strong>" + text(w(say::kListingField)) + ":</strong> " +
           text(listing_name.empty() ? values.listing_id : std::string(listing_name)) + "</p>";
    std::string problem = problem_for(problems, "listing_id");
    if (!problem.empty()) out += "<p class=\"error\" id=\"suggest-listing_id\">" + text(problem) + "</p>";
  } else {
    out += "<input type=\"hidden\" name=\"action\" value=\"add\"><p>" + text(w(say::kHowToCorrect)) + "</p>";
    std::string problem = problem_for(problems, "action");
    if (!problem.empty()) out += "<p class=\"error\" id=\"suggest-action\">" + text(problem) + "</p>";
  }
  out += input(w(say::kNameField), "name", values.name, problems);
  out += input(w(say::kDetailsField), "details", values.details, problems, w(say::kDetailsHint), true, "text", 2000);
  out += input(w(say::kWebsiteField), "website", values.website, problems, "", false, "url", 500);
  out += input(w(say::kContactField), "contact", values.contact, problems, w(say::kContactHint));
  out += "<button type=\"submit\" class=\"primary\">" + text(w(say::kSend)) + "</button></form></section>";
  return out;
}

std::string suggest_thanks_block(const Words& w, const Suggestion& saved, std::string_view lang_param) {
  return "<section class=\"nojs-suggest\" aria-labelledby=\"suggest-title\"><h2 id=\"suggest-title\" tabindex=\"-1\">" +
         text(w(say::kThanksTitle)) + "</h2><p>" + text(w(say::kThanksNumber) + std::to_string(saved.id) + ".") + "</p><p>" +
         text(w(say::kSuggestNext)) + "</p><p>" + text(w(say::kSuggestPrivacy)) + "</p><p><a href=\"" + attr(lang_param.empty() ? std::string("/") : "/?lang=" + query_component(lang_param)) + "\">" +
         text(w(say::kNewSearch)) + "</a></p></section>";
}

}  // namespace kindred::http::html
