// @brief The page without JavaScript over a real socket (server/page_routes.h): GET / with
// search parameters answers the same results as the API as HTML, filters as links with
// the API's counts, listing details, refusals as HTML pages; and the public suggestion
// routes (JSON and form) landing in the store as pending, with nothing about the sender.
#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "server/html_escape.h"
#include "server/html_words.h"
#include "tests/search_support.h"
#include "tests/server_support.h"
#include "tests/store_support.h"
#include "tests/test_support.h"

using namespace kindred;
using test::HttpResponse;

namespace {

test::TestServer& page_server() {
  static test::TestServer s(test::fixture_index(), test::source_path("web"), 2);
  return s;
}

// The part of the page the server rendered (inside the <noscript> of web/index.html).
std::string rendered(const HttpResponse& r) {
  size_t start = r.body.find("<div class=\"nojs\">");
  REQUIRE(start != std::string::npos);
  size_t end = r.body.find("</noscript>", start);
  REQUIRE(end != std::string::npos);
  return r.body.substr(start, end - start);
}

void html_page(const HttpResponse& r, long status) {
  INFO(r.status << " " << r.body.substr(0, 300));
  CHECK(r.status == status);
  CHECK(r.header("content-type") == "text/html; charset=utf-8");
  CHECK(r.header("cache-control") == "no-store");
  test::check_security_headers(r);
}

// Every href="/?..." in `html`, unescaped (&amp; -> &).
std::vector<std::string> page_links(const std::string& html) {
  std::vector<std::string> out;
  std::regex href("href=\"(/\\?[^\"]*)\"");
  for (auto it = std::sregex_iterator(html.begin(), html.end(), href); it != std::sregex_iterator(); ++it) {
    out.push_back(std::regex_replace((*it)[1].str(), std::regex("&amp;"), "&"));
  }
  return out;
}

}  // namespace

TEST_CASE("page: GET / without parameters is still the static page", "[page]") {
  HttpResponse r = page_server().get("/");
  REQUIRE(r.status == 200);
  CHECK(r.has_header("etag"));  // the static file, with its validator
  CHECK_THAT(r.body, Catch::Contains("<!--kindred:server-view-->"));
  CHECK_THAT(r.body, Catch::Contains("<noscript><link rel=\"stylesheet\" href=\"/nojs.css\"></noscript>"));
  CHECK_THAT(r.body, Catch::Contains("href=\"/suggest\""));
}

TEST_CASE("page: a search rendered on the server has the API's results, filters and counts", "[page]") {
  HttpResponse r = page_server().get("/?q=bipolar");
  html_page(r, 200);
  std::string html = rendered(r);
  CHECK_THAT(r.body, Catch::Contains("<title>bipolar · Kindred</title>"));
  CHECK_THAT(r.body, Catch::Contains("<script type=\"module\" src=\"/app.js\">"));  // the script takes over
  CHECK_THAT(html, Catch::Contains("value=\"bipolar\""));
  CHECK_THAT(html, Catch::Contains("Quick exit is then a plain link"));

  auto api = test::json(page_server().get("/api/v1/search?q=bipolar"));
  uint64_t total = api["total"].GetUint64();
  REQUIRE(total >= 1);
  CHECK_THAT(html, Catch::Contains(std::to_string(total) + (total == 1 ? " result for" : " results for")));
  for (const auto& hit : api["results"].GetArray()) {
    CHECK_THAT(html, Catch::Contains(http::html::text(hit["name"].GetString())));
    CHECK_THAT(html, Catch::Contains("listing=" + std::string(hit["id"].GetString())));
  }
  // Every value the API counts above zero is a link with that count.
  size_t links = 0;
  for (const auto& facet : api["facets"].GetArray()) {
    for (const auto& v : facet["values"].GetArray()) {
      if (v["count"].GetUint64() == 0) continue;
      ++links;
      CHECK_THAT(html, Catch::Contains(http::html::text(v["label"].GetString()) + " (" +
                                       std::to_string(v["count"].GetUint64()) + ")"));
    }
  }
  CHECK(links >= 3);

  // Following a filter link gives what the API gives for that filter.
  std::string filter;
  for (const auto& link : page_links(html)) {
    if (link.find("kind=") != std::string::npos) filter = link;
  }
  REQUIRE_FALSE(filter.empty());
  HttpResponse filtered = page_server().get(filter);
  html_page(filtered, 200);
  auto api_filtered = test::json(page_server().get("/api/v1/search?" + filter.substr(2)));
  uint64_t n = api_filtered["total"].GetUint64();
  CHECK_THAT(rendered(filtered), Catch::Contains(std::to_string(n) + (n == 1 ? " result" : " results")));
  CHECK_THAT(rendered(filtered), Catch::Contains("aria-current=\"true\""));  // the chosen value, to remove
  // The form keeps the filter for the next search.
  CHECK_THAT(rendered(filtered), Catch::Contains("type=\"hidden\" name=\"kind\""));
}

TEST_CASE("page: a place, paging and HEAD", "[page]") {
  HttpResponse r = page_server().get("/?q=bipolar&near=83843");
  html_page(r, 200);
  CHECK_THAT(rendered(r), Catch::Contains(" near Moscow"));
  CHECK_THAT(rendered(r), Catch::Contains("km away"));
  HttpResponse paged = page_server().get("/?per_page=2");
  html_page(paged, 200);
  CHECK_THAT(rendered(paged), Catch::Contains("rel=\"next\" href=\"/?per_page=2&amp;page=2\""));
  HttpResponse second = page_server().get("/?per_page=2&page=2");
  CHECK_THAT(rendered(second), Catch::Contains("rel=\"prev\" href=\"/?per_page=2\""));
  CHECK(page_server().get("/?q=bipolar", "HEAD").status == 200);
  CHECK(page_server().get("/?q=bipolar", "POST").status == 405);
}

TEST_CASE("page: a listing's details", "[page]") {
  HttpResponse r = page_server().get("/?q=voices&listing=fixture-london-hearing-voices");
  html_page(r, 200);
  std::string html = rendered(r);
  CHECK_THAT(r.body, Catch::Contains("<title>Hearing Voices Group London · Kindred</title>"));
  CHECK_THAT(html, Catch::Contains("<h2 id=\"nojs-detail-title\">Hearing Voices Group London</h2>"));
  CHECK_THAT(html, Catch::Contains("href=\"tel:+442079460000\""));
  CHECK_THAT(html, Catch::Contains("href=\"/?q=voices\""));  // back to the same results
  CHECK_THAT(html, Catch::Contains("href=\"/suggest?listing=fixture-london-hearing-voices\""));
  CHECK_THAT(html, Catch::Contains("<h3>Sources</h3>"));
  HttpResponse web = page_server().get("/?listing=fixture-moscow-bipolar-group");
  CHECK_THAT(rendered(web), Catch::Contains("href=\"https://fixture.example/moscow\""));
  CHECK_THAT(rendered(web), Catch::Contains("Next"));  // a weekly meeting: its next date
}

TEST_CASE("page: bad parameters are HTML refusals naming the parameter", "[page]") {
  struct Case { const char* target; long status; const char* says; };
  for (const Case& c : {Case{"/?page=0", 400, "page:"}, Case{"/?colour=red", 400, "colour: unknown parameter"},
                        Case{"/?q=a&q=b", 400, "q:"}, Case{"/?near=Nowhere%20Atlantis%20Zz", 400, "near:"},
                        Case{"/?q=%ZZ", 400, "q:"}, Case{"/?listing=NOT%20AN%20ID", 400, "listing:"},
                        Case{"/?listing=no-such-listing", 404, "no-such-listing"},
                        Case{"/?kind=%3Cscript%3E", 400, "kind:"}}) {
    HttpResponse r = page_server().get(c.target);
    INFO(c.target << " -> " << r.body.substr(0, 400));
    html_page(r, c.status);
    CHECK_THAT(rendered(r), Catch::Contains(c.says));
    CHECK(rendered(r).find("<script") == std::string::npos);
  }
  // What was typed comes back escaped, in the box and in the message.
  HttpResponse r = page_server().get("/?q=%3Cscript%3Ealert(1)%3C/script%3E&kind=%22%3E%3Cb%3E");
  html_page(r, 400);
  CHECK(rendered(r).find("<script>alert") == std::string::npos);
  CHECK(rendered(r).find("\"><b>") == std::string::npos);
  CHECK_THAT(rendered(r), Catch::Contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\""));
}

namespace {

std::string form_body(std::initializer_list<std::pair<const char*, const char*>> fields) {
  std::string out;
  for (auto [k, v] : fields) out += (out.empty() ? "" : "&") + std::string(k) + "=" + http::html::query_component(v);
  return out;
}

const std::vector<std::string> kForm = {"Content-Type: application/x-www-form-urlencoded"};
const std::vector<std::string> kJson = {"Content-Type: application/json"};

// Every byte of the store's files (database and write-ahead log).
std::string store_bytes(const std::string& path) {
  std::string all;
  for (const std::string& f : {path, path + "-wal"}) {
    std::ifstream in(f, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    all += s.str();
  }
  return all;
}

}  // namespace

TEST_CASE("suggestions: anyone may suggest, moderators see them pending", "[page][suggest]") {
  http::WriteLimits limits;
  limits.suggestions_burst = 100;
  test::StoreServer server(limits);
  auto& fx = server.fixture();

  HttpResponse form = server.send("GET", "/suggest");
  html_page(form, 200);
  CHECK_THAT(form.body, Catch::Contains("What happens next"));
  CHECK_THAT(form.body, Catch::Contains("form action=\"/suggest\" method=\"post\""));
  CHECK_THAT(form.body, Catch::Contains("class=\"quick-exit\" href=\"https://www.wikipedia.org/\""));
  CHECK(form.body.find("<script") == std::string::npos);
  HttpResponse correct = server.send("GET", "/suggest?listing=fixture-london-hearing-voices");
  html_page(correct, 200);
  CHECK_THAT(correct.body, Catch::Contains("Hearing Voices Group London"));
  CHECK_THAT(correct.body, Catch::Contains("name=\"listing_id\" value=\"fixture-london-hearing-voices\""));
  html_page(server.send("GET", "/suggest?listing=no-such-listing"), 404);
  html_page(server.send("GET", "/suggest?colour=red"), 400);

  // JSON: 202 pending, nothing but what was typed.
  HttpResponse added = server.send("POST", "/api/v1/suggestions", "",
                                   R"({"action":"add","name":"Tuesday Grief Circle","details":"Meets Tuesdays 7pm at the library, Moscow ID.","website":"https://grief.example/"})",
                                   kJson);
  INFO(added.body);
  REQUIRE(added.status == 202);
  auto saved = test::json(added);
  CHECK(std::string(saved["suggestion"]["status"].GetString()) == "pending");
  CHECK(std::string(saved["suggestion"]["contact"].GetString()).empty());

  // The form: a thank-you page saying what happens next.
  HttpResponse thanks = server.send("POST", "/suggest", "",
                                    form_body({{"action", "correct"}, {"listing_id", "fixture-london-hearing-voices"},
                                               {"details", "The phone number changed to 020 7946 0001."},
                                               {"contact", "ask.me@example.org"}}),
                                    kForm);
  html_page(thanks, 200);
  CHECK_THAT(thanks.body, Catch::Contains("Thank you"));
  CHECK_THAT(thanks.body, Catch::Contains("What happens next"));

  auto pending = fx.store->suggestions(true, 10);
  REQUIRE(pending.ok());
  REQUIRE(pending->size() == 2);
  CHECK((*pending)[0].action == "correct");
  CHECK((*pending)[0].contact == "ask.me@example.org");  // given, to be asked about it
  CHECK((*pending)[1].name == "Tuesday Grief Circle");
  CHECK((*pending)[1].contact.empty());
  // No address of the sender anywhere in the store.
  CHECK(store_bytes(fx.store_path()).find("127.0.0.1") == std::string::npos);

  // Moderators list and resolve them; others may not.
  HttpResponse list = server.send("GET", "/api/v1/suggestions?pending=1", fx.mod);
  REQUIRE(list.status == 200);
  CHECK(test::json(list)["suggestions"].Size() == 2);
  CHECK(server.send("GET", "/api/v1/suggestions", fx.voices).status == 403);
  CHECK(server.send("GET", "/api/v1/suggestions").status == 401);
  CHECK(server.send("GET", "/api/v1/suggestions?pending=2", fx.mod).status == 400);
  std::string id = std::to_string((*pending)[1].id);
  CHECK(server.send("POST", "/api/v1/suggestions/" + id + "/resolve", fx.voices).status == 403);
  CHECK(server.send("POST", "/api/v1/suggestions/" + id + "/resolve", fx.mod).status == 200);
  CHECK(server.send("POST", "/api/v1/suggestions/" + id + "/resolve", fx.mod).status == 404);
  CHECK(test::json(server.send("GET", "/api/v1/suggestions?pending=1", fx.mod))["suggestions"].Size() == 1);
}

TEST_CASE("suggestions: every problem named, 400, 413 and 422", "[page][suggest]") {
  http::WriteLimits limits;
  limits.suggestions_burst = 100;
  test::StoreServer server(limits);

  HttpResponse empty = server.send("POST", "/api/v1/suggestions", "", R"({"action":"add","website":"javascript:x"})", kJson);
  INFO(empty.body);
  REQUIRE(empty.status == 422);
  auto answer = test::json(empty);  // the document must outlive the array taken from it
  std::set<std::string> paths;
  for (const auto& p : answer["error"]["details"].GetArray()) paths.insert(p["path"].GetString());
  CHECK(paths == std::set<std::string>{"name", "details", "website"});
  HttpResponse unknown = server.send("POST", "/api/v1/suggestions", "",
                                     R"({"action":"correct","listing_id":"no-such-listing","details":"x"})", kJson);
  CHECK(unknown.status == 422);
  CHECK_THAT(unknown.body, Catch::Contains("no listing \\\"no-such-listing\\\""));
  CHECK(server.send("POST", "/api/v1/suggestions", "", R"({"action":"add","email":"x"})", kJson).status == 400);
  CHECK(server.send("POST", "/api/v1/suggestions", "", "{not json", kJson).status == 400);
  std::string big(http::kMaxBodyBytes + 10, 'a');
  CHECK(server.send("POST", "/api/v1/suggestions", "", R"({"details":")" + big + "\"}", kJson).status == 413);
  html_page(server.send("POST", "/suggest", "", "details=" + big, kForm), 413);

  // The form again, with what was typed and every problem next to its field.
  HttpResponse again = server.send("POST", "/suggest", "", form_body({{"action", "add"}, {"name", "<b>Group</b>"}}), kForm);
  html_page(again, 422);
  CHECK_THAT(again.body, Catch::Contains("details: required"));
  CHECK_THAT(again.body, Catch::Contains("value=\"&lt;b&gt;Group&lt;/b&gt;\""));
  CHECK_THAT(again.body, Catch::Contains("aria-invalid=\"true\""));
  html_page(server.send("POST", "/suggest", "", "colour=red", kForm), 400);
  CHECK(server.fixture().store->suggestions(false, 10)->empty());
}

TEST_CASE("suggestions: rate-limited per client", "[page][suggest]") {
  http::WriteLimits limits;
  limits.suggestions_burst = 2;
  limits.suggestions_per_minute = 0.01;
  test::StoreServer server(limits);
  const std::string body = R"({"action":"add","name":"Group","details":"Meets Mondays."})";
  CHECK(server.send("POST", "/api/v1/suggestions", "", body, kJson).status == 202);
  CHECK(server.send("POST", "/suggest", "", form_body({{"action", "add"}, {"name", "G"}, {"details", "d"}}), kForm).status == 200);
  HttpResponse limited = server.send("POST", "/api/v1/suggestions", "", body, kJson);
  CHECK(limited.status == 429);
  html_page(server.send("POST", "/suggest", "", form_body({{"action", "add"}, {"name", "G"}, {"details", "d"}}), kForm), 429);
  CHECK(server.fixture().store->suggestions(false, 10)->size() == 2);
}

// --- The page's language (issue 13): ?lang=, else Accept-Language, else English. ---

namespace {

// The ids of server/html_strings.h's Keys that the page's code uses (`say::kName` in
// server/html_*.cpp and page_routes.cpp), found by reading the sources.
std::vector<std::string> used_ids() {
  std::string strings = test::slurp(test::source_path("server/html_strings.h"));
  std::map<std::string, std::string> id_of;  // kName -> id
  std::regex key("Key (k\\w+)\\{\"(\\w+)\"");
  for (auto it = std::sregex_iterator(strings.begin(), strings.end(), key); it != std::sregex_iterator(); ++it) {
    id_of[(*it)[1]] = (*it)[2];
  }
  std::set<std::string> out;
  std::regex use("say::(k\\w+)");
  for (const char* file : {"server/html_page.cpp", "server/html_results.cpp", "server/html_listing.cpp",
                           "server/html_suggest.cpp", "server/page_routes.cpp"}) {
    std::string code = test::slurp(test::source_path(file));
    for (auto it = std::sregex_iterator(code.begin(), code.end(), use); it != std::sregex_iterator(); ++it) {
      INFO(file << " uses " << (*it)[1]);
      REQUIRE(id_of.count((*it)[1]));
      out.insert(id_of[(*it)[1]]);
    }
  }
  return {out.begin(), out.end()};
}

HttpResponse get_with(const std::string& target, const std::vector<std::string>& headers) {
  test::HttpClient client;
  return client.request(page_server().port(), target, "GET", headers);
}

}  // namespace

TEST_CASE("page lang: every sentence the page uses is in each nojs catalog, and the check can fail", "[page][lang]") {
  std::vector<std::string> ids = used_ids();
  CHECK(ids.size() > 60);  // the frame, results, listing rows and suggestion form
  for (const char* lang : {"es", "fr"}) {
    std::string catalog = test::slurp(test::source_path(std::string("web/i18n/nojs.") + lang + ".json"));
    INFO(lang);
    CHECK(http::html::missing_ids(catalog, ids).empty());
  }
  // The same check on a catalog lacking one id, or not an object, names what is wrong.
  CHECK(http::html::missing_ids("{\"results\": \"Resultados\"}", {"results", "filters"}) == std::vector<std::string>{"filters"});
  CHECK(http::html::missing_ids("{\"results\": \"\"}", {"results"}) == std::vector<std::string>{"results"});
  CHECK(http::html::missing_ids("[]", {"results"}) == std::vector<std::string>{"(not a JSON object)"});
}

TEST_CASE("page lang: words fall back to English, never to an id, and counts pick one or other", "[page][lang]") {
  http::html::Words es("es", {{"results", "Resultados"}, {"results_one", "{n} resultado"}, {"results_other", "{n} resultados"}});
  CHECK(es(http::html::say::kResults) == "Resultados");
  CHECK(es(http::html::say::kFilters) == "Filters");
  CHECK(es.count(http::html::say::kResultsOne, http::html::say::kResultsOther, 1) == "1 resultado");
  CHECK(es.count(http::html::say::kResultsOne, http::html::say::kResultsOther, 0) == "0 resultados");
  CHECK(http::html::Words().count(http::html::say::kResultsOne, http::html::say::kResultsOther, 7) == "7 results");
  http::html::Catalogs none = http::html::Catalogs::load("/nonexistent-web-dir");
  CHECK(none.words("es").lang() == "en");
  CHECK(http::html::language_from_header("fr-CA,fr;q=0.9,en;q=0.8") == "fr");
  CHECK(http::html::language_from_header("de-DE, es;q=0.5, en;q=0.7") == "en");
  CHECK(http::html::language_from_header("de, ES-mx;q=0.4") == "es");
  CHECK(http::html::language_from_header("fr;q=0, es") == "es");
  CHECK(http::html::language_from_header("") == "en");
}

TEST_CASE("page lang: ?lang=es renders the frame, facets and results in Spanish, links keep lang", "[page][lang]") {
  HttpResponse r = page_server().get("/?lang=es&q=bipolar");
  html_page(r, 200);
  CHECK_THAT(r.body, Catch::Contains("<html lang=\"es\" dir=\"ltr\">"));
  // The frame around it (crisis bar, masthead) from the search page's own catalog, es.json.
  CHECK_THAT(r.body, Catch::Contains("<strong data-t=\"notCrisis\">El apoyo entre pares no es atención de crisis.</strong>"));
  CHECK_THAT(r.body, Catch::Contains("aria-label=\"Ayuda en crisis y salida rápida\" data-ta=\"aria-label=safety\""));
  std::string html = rendered(r);
  for (const char* spanish : {"¿Qué tipo de apoyo busca?", "Filtros", "Resultados", "Tipo de apoyo", "Grupo de apoyo",
                              "Está usando Kindred sin JavaScript"}) {
    INFO(spanish);
    CHECK_THAT(html, Catch::Contains(spanish));
  }
  CHECK(std::regex_search(html, std::regex("[0-9]+ resultados? para")));
  for (const char* english : {"What kind of support?", ">Filters<", ">Results<", "Type of support", "You are using Kindred"}) {
    INFO(english);
    CHECK(html.find(english) == std::string::npos);
  }
  // Every page link keeps lang=es, except the switcher's links to the other languages.
  std::vector<std::string> links = page_links(html);
  REQUIRE(links.size() > 5);
  for (const auto& link : links) {
    INFO(link);
    CHECK(std::regex_search(link, std::regex("[?&]lang=(es|en|fr)(&|$)")));
    if (link.find("lang=en") == std::string::npos && link.find("lang=fr") == std::string::npos) {
      CHECK_THAT(link, Catch::Contains("lang=es"));
    }
  }
  CHECK_THAT(html, Catch::Contains("name=\"lang\" value=\"es\""));  // the search form's hidden field
  CHECK_THAT(html, Catch::Contains("href=\"/suggest?lang=es\""));
  // The switcher names each language in itself; the current one is not a link.
  CHECK_THAT(html, Catch::Contains(">English</a>"));
  CHECK_THAT(html, Catch::Contains(">Français</a>"));
  CHECK_THAT(html, Catch::Contains("aria-current=\"true\">Español</strong>"));

  // A listing's details in Spanish, with its link to correct it keeping lang.
  HttpResponse detail = page_server().get("/?lang=es&q=voices&listing=fixture-london-hearing-voices");
  html_page(detail, 200);
  std::string d = rendered(detail);
  CHECK_THAT(d, Catch::Contains("Corregir esta ficha"));
  CHECK_THAT(d, Catch::Contains("<dt>Cómo</dt>"));
  CHECK_THAT(d, Catch::Contains("href=\"/suggest?listing=fixture-london-hearing-voices&amp;lang=es\""));
  CHECK(d.find("<dt>How</dt>") == std::string::npos);
}

TEST_CASE("page lang: Accept-Language picks the language when there is no lang parameter", "[page][lang]") {
  HttpResponse fr = get_with("/?q=bipolar", {"Accept-Language: fr-CA,fr;q=0.9,en;q=0.5"});
  html_page(fr, 200);
  CHECK_THAT(fr.body, Catch::Contains("<html lang=\"fr\""));
  CHECK_THAT(rendered(fr), Catch::Contains("Quel type de soutien ?"));
  CHECK_THAT(rendered(fr), Catch::Contains("Type de soutien"));
  // The header's choice is not written into links: they stay as the reader's request was.
  // (only the switcher's links to the other languages carry one).
  for (const auto& link : page_links(rendered(fr))) {
    INFO(link);
    CHECK(link.find("lang=fr") == std::string::npos);
  }
  CHECK(rendered(fr).find("name=\"lang\"") == std::string::npos);
  // ?lang= wins over the header.
  HttpResponse en = get_with("/?q=bipolar&lang=en", {"Accept-Language: fr-CA"});
  CHECK_THAT(en.body, Catch::Contains("<html lang=\"en\""));
  CHECK_THAT(rendered(en), Catch::Contains("What kind of support?"));
  // A suggestion form in French from the header alone.
  HttpResponse suggest = get_with("/suggest", {"Accept-Language: fr"});
  CHECK_THAT(suggest.body, Catch::Contains("<html lang=\"fr\""));
}

TEST_CASE("page lang: GET / speaks the browser's language without JavaScript too", "[page][lang]") {
  // The static file's <noscript> part is English: a Spanish browser gets the start page in Spanish.
  HttpResponse es = get_with("/", {"Accept-Language: es-US,es;q=0.9"});
  html_page(es, 200);
  CHECK_THAT(es.body, Catch::Contains("<html lang=\"es\""));
  CHECK_THAT(es.body, Catch::Contains("<script type=\"module\" src=\"/app.js\">"));  // the script still takes over
  std::string html = rendered(es);
  for (const char* spanish : {"¿Qué tipo de apoyo busca?", "Está usando Kindred sin JavaScript", ">Buscar<"}) {
    INFO(spanish);
    CHECK_THAT(html, Catch::Contains(spanish));
  }
  for (const char* english : {"What kind of support?", "Without JavaScript", "City or postal code", ">Search<"}) {
    INFO(english);
    CHECK(html.find(english) == std::string::npos);
  }
  CHECK(html.find("nojs-results") == std::string::npos);  // the start page: no search was asked
  CHECK_THAT(es.header("vary"), Catch::Contains("Accept-Language"));  // caches key "/" on it
  HttpResponse fr = get_with("/", {"Accept-Language: fr-CA"});
  CHECK_THAT(fr.body, Catch::Contains("<html lang=\"fr\""));
  CHECK_THAT(rendered(fr), Catch::Contains("Quel type de soutien ?"));
  // English (or a language we do not speak) keeps the static file, validator and all.
  for (const char* header : {"Accept-Language: en-GB", "Accept-Language: de"}) {
    HttpResponse en = get_with("/", {header});
    INFO(header);
    CHECK(en.status == 200);
    CHECK(en.has_header("etag"));
    CHECK_THAT(en.body, Catch::Contains("<!--kindred:server-view-->"));
    CHECK_THAT(en.header("vary"), Catch::Contains("Accept-Language"));
  }
}

TEST_CASE("page lang: an unknown language is English, a malformed one a 400 naming lang", "[page][lang]") {
  HttpResponse de = page_server().get("/?lang=de&q=bipolar");
  html_page(de, 200);
  CHECK_THAT(de.body, Catch::Contains("<html lang=\"en\""));
  CHECK_THAT(rendered(de), Catch::Contains("What kind of support?"));
  HttpResponse bad = page_server().get("/?lang=%3Cscript%3E&q=bipolar");
  html_page(bad, 400);
  CHECK_THAT(rendered(bad), Catch::Contains("lang"));
  CHECK(rendered(bad).find("<script") == std::string::npos);
}
