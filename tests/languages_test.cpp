// @brief Listings and searches in Spanish and French (issue 13, the core half): own-text
// language, translations, accent folding, stemming per language, es/fr vocabulary and
// the `lang` parameter, over a real index of tests/fixtures/languages (fictional
// listings) and a real server.
#include <catch2/catch.hpp>

#include <iostream>
#include <map>
#include <stdexcept>

#include <rapidjson/document.h>

#include "core/base/json_build.h"
#include "core/base/json_util.h"
#include "core/base/text_fold.h"
#include "core/index/index_snapshot.h"
#include "core/interop/feed_import.h"
#include "core/interop/meeting_guide.h"
#include "core/listing/translation.h"
#include "core/listing/validate.h"
#include "core/search/search.h"
#include "core/search/search_params.h"
#include "core/search/search_text.h"
#include "tests/http_support.h"
#include "tests/search_support.h"
#include "tests/server_support.h"
#include "tests/test_support.h"

using namespace kindred;

namespace {

const std::string& languages_index() {
  static test::TempDir dir;
  static const std::string path = [] {
    std::string out = dir.file("index");
    auto r = test::run_command(test::binary_path("indexer/kindred-index") +
                               " build --data tests/fixtures/languages --out " + out);
    if (r.exit_code != 0) throw std::runtime_error("building the languages index failed:\n" + r.output);
    return out;
  }();
  return path;
}

Searcher& searcher() {
  static LiveIndex live(languages_index());
  static Searcher s = [] {
    auto opened = Searcher::open(live, test::vocabulary(), test::gazetteer(), &test::crisis_phrases());
    if (!opened) throw std::runtime_error(opened.error().message);
    return std::move(opened).value();
  }();
  return s;
}

SearchResult find(const std::string& q, const std::string& lang) {
  SearchRequest r = test::request();
  r.q = q;
  r.lang = lang;
  auto result = searcher().search(r);
  REQUIRE(result);
  return std::move(result).value();
}

const Hit* hit(const SearchResult& r, const std::string& id) {
  for (const auto& h : r.hits) {
    if (h.id == id) return &h;
  }
  return nullptr;
}

test::TestServer& server() {
  static test::TestServer s(languages_index(), test::fixture_web_dir());
  return s;
}

rapidjson::Document get_json(const std::string& target, int status = 200) {
  auto r = server().get(target);
  INFO(target << " -> " << r.status << " " << r.body);
  REQUIRE(r.status == status);
  rapidjson::Document doc;
  REQUIRE(parse_json(r.body, doc).ok());
  return doc;
}

std::vector<Problem> validate(const std::string& text) {
  rapidjson::Document doc;
  REQUIRE(parse_json(text, doc).ok());
  ListingValidator v(test::schema(), test::gazetteer(), "2026-11-22");
  return v.validate(doc, "listings[0]");
}

std::string with_translations(const std::string& translations, const std::string& languages = R"(["en"])") {
  return R"({"id": "fixture-translated", "name": "Fixture Circle", "kind": "support-group",
    "description": "Synthetic test fixture.", "organization": {"name": "Fixture Org"},
    "topics": ["anxiety"], "attendance": ["online"], "languages": )" + languages + R"(,
    "cost": "free", "facilitation": "peer-led", "service_area": ["US"],
    "contact": {"url": "https://fixture.example/c"}, "last_verified": "2026-01-01",
    "sources": [{"name": "Synthetic fixture"}], "translations": )" + translations + "}";
}

std::string describe(const std::vector<Problem>& problems) {
  std::string out;
  for (const auto& p : problems) out += p.path + ": " + p.message + "\n";
  return out;
}

}  // namespace

TEST_CASE("languages: accents are folded the same in the text and the query", "[languages]") {
  CHECK(fold_accents("Depresión, ANXIÉTÉ, Œuvre, ñ") == "Depresion, ANXIeTe, oeuvre, n");
  CHECK(fold_accents("抑郁 plain") == "抑郁 plain");
  CHECK(fold_accents("\xFF ok") == "\xFF ok");
  uint64_t accented = find("depresión", "es").total, plain = find("depresion", "es").total;
  CHECK(accented >= 2);  // the Spanish group and the English one (topic depression)
  CHECK(accented == plain);
  CHECK(find("depresion", "en").total == accented);  // an English page reaches them too
  CHECK(find("anxiété", "fr").total == find("anxiete", "fr").total);
}

TEST_CASE("languages: a Spanish Tuesday depression group is found in Spanish", "[languages]") {
  for (const char* lang : {"es", "en"}) {
    INFO(lang);
    SearchResult r = find("grupo de depresión los martes", lang);
    REQUIRE(hit(r, "fixture-es-depresion-martes"));
    CHECK(hit(r, "fixture-fr-deuil") == nullptr);
    CHECK(hit(r, "fixture-en-anxiety-translated") == nullptr);
    REQUIRE(r.understood);
    CHECK(r.understood->filters["day"] == std::vector<std::string>{"tu"});
    CHECK(hit(r, "fixture-es-depresion-martes")->text_language == "es");
  }
  // Its own words reach it too, stemmed in Spanish ("reunimos", "personas").
  CHECK(hit(find("personas que viven con depresión", "es"), "fixture-es-depresion-martes"));
}

TEST_CASE("languages: a French grief group is found with \"groupe de deuil\"", "[languages]") {
  for (const char* lang : {"fr", "en"}) {
    INFO(lang);
    SearchResult r = find("groupe de deuil", lang);
    REQUIRE(hit(r, "fixture-fr-deuil"));
    CHECK(r.total == 1);
  }
  CHECK(hit(find("duelo", "es"), "fixture-fr-deuil"));         // grief in Spanish
  CHECK(hit(find("endeuillées", "fr"), "fixture-fr-deuil"));   // its own word, stemmed in French
  CHECK(hit(find("le mercredi soir", "fr"), "fixture-fr-deuil"));
}

TEST_CASE("languages: a hit is shown in the asked language when translated, marked otherwise", "[languages]") {
  SearchResult r = find("ansiedad", "es");
  const Hit* translated = hit(r, "fixture-en-anxiety-translated");
  REQUIRE(translated);
  CHECK(translated->text_language == "es");
  CHECK(translated->name == "Círculo de pares sobre la ansiedad (ficticio)");
  CHECK(translated->snippet.find("Ficha de prueba ficticia") != std::string::npos);

  SearchResult tuesday = find("depression", "es");
  const Hit* untranslated = hit(tuesday, "fixture-en-depression-untranslated");
  REQUIRE(untranslated);
  CHECK(untranslated->text_language == "en");
  CHECK(untranslated->name == "Tuesday Depression Support Group (fixture)");

  // In English the translated listing shows its own text; in German (no words of ours) too.
  CHECK(hit(find("anxiety", "en"), "fixture-en-anxiety-translated")->name == "Anxiety Peer Circle (fixture)");
  CHECK(hit(find("anxiety", "en"), "fixture-en-anxiety-translated")->text_language == "en");
  // A translation is searchable in its language: "cercle" is only in the French one.
  CHECK(hit(find("cercle de pairs", "fr"), "fixture-en-anxiety-translated"));
}

TEST_CASE("languages: facet labels follow lang", "[languages]") {
  SearchResult r = find("", "es");
  bool saw_topic = false;
  for (const auto& f : r.facets) {
    if (f.name != "topic") continue;
    saw_topic = true;
    CHECK(f.label == "Tema");
    for (const auto& v : f.values) {
      if (v.value == "depression") CHECK(v.label == "Depresión");
      if (v.value == "grief") CHECK(v.label == "Duelo y pérdida");
    }
  }
  CHECK(saw_topic);
  // Region, whose values the gazetteer names, has its heading in the vocabulary too.
  std::map<std::string, std::string> region;
  for (const char* lang : {"en", "es", "fr"}) {
    for (const auto& f : find("", lang).facets) {
      if (f.name == "day" && std::string(lang) == "fr") CHECK(f.label == "Jour");
      if (f.name == "region") region[lang] = f.label;
    }
  }
  CHECK(region == std::map<std::string, std::string>{{"en", "Region"}, {"es", "Región"}, {"fr", "Région"}});
}

TEST_CASE("languages: Spanish and French stop words only for a query read in that language", "[languages][search]") {
  CHECK(is_stop_word("the", "en"));
  CHECK(is_stop_word("the", "es"));
  CHECK_FALSE(is_stop_word("los", "en"));
  CHECK(is_stop_word("los", "es"));
  CHECK_FALSE(is_stop_word("los", "fr"));
  CHECK(is_stop_word("les", "fr"));
  CHECK(is_stop_word("les"));  // a reader that does not know the language: any of them
  CHECK(content_words("de la", "en") == 2);
  CHECK(content_words("de la", "es") == 0);
  CHECK(content_words("pour les", "es") == 2);
  // "los" on an English page is a word to find; on a Spanish page nothing is left: browse.
  SearchResult en = find("los", "en"), es = find("los", "es");
  CHECK(hit(en, "fixture-es-depresion-martes") != nullptr);
  CHECK(hit(en, "fixture-en-depression-untranslated") == nullptr);
  CHECK(en.total < es.total);
  CHECK(hit(es, "fixture-en-depression-untranslated") != nullptr);
  // A Spanish query still drops its own articles: "grupo de depresión" finds the group.
  CHECK(hit(find("grupo de depresión", "es"), "fixture-es-depresion-martes") != nullptr);
}

TEST_CASE("languages: every value but a language name has a Spanish and a French label", "[languages][vocabulary]") {
  for (const auto& f : test::vocabulary().facets()) {
    INFO(f.name);
    CHECK(f.labels.count("es") == 1);
    CHECK(f.labels.count("fr") == 1);
    if (f.name == "language") continue;  // language names are written in themselves ("Español")
    for (const auto& v : f.values) {
      INFO(v.value);
      CHECK(v.labels.count("es") == 1);
      CHECK(v.labels.count("fr") == 1);
    }
  }
  CHECK(test::vocabulary().label("topic", "grief", "fr") == "Deuil et perte");
  CHECK(test::vocabulary().label("topic", "grief", "de") == "Grief & loss");  // English fallback
}

TEST_CASE("languages: es and fr words reach the vocabulary's values", "[languages][understand]") {
  SearchRequest r = test::request();
  struct Case { const char* q; const char* facet; const char* value; };
  for (const Case& c : std::vector<Case>{{"grupo los martes", "day", "tu"},
                                         {"groupe mardi", "day", "tu"},
                                         {"groupe le soir", "time_of_day", "evening"},
                                         {"grupo por la tarde", "time_of_day", "afternoon"},
                                         {"grupo en español", "language", "es"},
                                         {"groupe en français", "language", "fr"},
                                         {"spanish speaking group", "language", "es"}}) {
    INFO(c.q);
    SearchResult res = find(c.q, "es");
    REQUIRE(res.understood);
    CHECK(res.understood->filters[c.facet] == std::vector<std::string>{c.value});
  }
}

TEST_CASE("languages: crisis phrases in Spanish and French are flagged", "[languages][crisis]") {
  for (const char* q : {"quiero morir", "me quiero suicidar", "suicidio", "no quiero vivir", "je veux mourir",
                        "envie de mourir", "suicide", "me tuer", "tentative de suicide", "intento de suicidio"}) {
    INFO(q);
    CHECK(find(q, "es").crisis);
    auto body = get_json(std::string("/api/v1/search?lang=fr&q=") + test::url_encode(q));
    CHECK(body["crisis"]["matched"].GetBool());
  }
}

TEST_CASE("languages: translations are validated field by field", "[languages][validate]") {
  CHECK(validate(with_translations(R"({"es": {"name": "Círculo de prueba", "description": "Texto."}})")).empty());
  auto problems = validate(with_translations(
      R"({"ES": {"name": "Círculo"}, "en": {"name": "Circle again"}, "fr": {"nom": "Cercle"},
          "de": {"name": ""}, "it": {}, "pt": {"description": "<b>bold</b>"}})"));
  std::string all = describe(problems);
  INFO(all);
  CHECK(all.find("listings[0].translations.ES: \"ES\" is not a language") != std::string::npos);
  CHECK(all.find("listings[0].translations.en: \"en\" is the listing's own text language") != std::string::npos);
  CHECK(all.find("listings[0].translations.fr.nom: unknown field \"nom\"") != std::string::npos);
  CHECK(all.find("listings[0].translations.de.name: must be at least 3 characters long") != std::string::npos);
  CHECK(all.find("listings[0].translations.it: must not be empty") != std::string::npos);
  CHECK(all.find("listings[0].translations.pt.description: must be plain text") != std::string::npos);
  CHECK(problems.size() == 6);
  // A Spanish listing may be translated into English.
  CHECK(validate(with_translations(R"({"en": {"name": "Test circle"}})", R"(["es-MX"])")).empty());
  CHECK(!validate(with_translations(R"({"es": {"name": "Círculo"}})", R"(["es-MX"])")).empty());
  CHECK(!validate(with_translations(R"("es")")).empty());
}

TEST_CASE("languages: lang on the API: labels, text, the language used, and refusals", "[languages][server]") {
  auto vocab = get_json("/api/v1/vocabulary?lang=es");
  CHECK(std::string(vocab["lang"].GetString()) == "es");
  bool checked = false;
  for (const auto& f : vocab["facets"].GetArray()) {
    if (std::string(f["name"].GetString()) != "topic") continue;
    CHECK(std::string(f["label"].GetString()) == "Tema");
    for (const auto& v : f["values"].GetArray()) {
      if (std::string(v["value"].GetString()) == "grief") {
        CHECK(std::string(v["label"].GetString()) == "Duelo y pérdida");
        checked = true;
      }
    }
  }
  CHECK(checked);
  CHECK(std::string(get_json("/api/v1/vocabulary")["lang"].GetString()) == "en");
  CHECK(std::string(get_json("/api/v1/vocabulary?lang=de")["lang"].GetString()) == "en");  // well-formed, unsupported
  CHECK(std::string(get_json("/api/v1/vocabulary?lang=FR-ca")["lang"].GetString()) == "fr");
  for (const char* target : {"/api/v1/vocabulary?lang=e", "/api/v1/vocabulary?lang=espa%C3%B1ol",
                             "/api/v1/search?q=x&lang=1a", "/api/v1/listings/fixture-fr-deuil?lang=es_MX",
                             "/api/v1/listings/fixture-es-depresion-martes.ics?lang=%3Cb%3E"}) {
    INFO(target);
    test::refused(target, "lang");
  }

  auto search = get_json("/api/v1/search?lang=es&q=ansiedad");
  CHECK(std::string(search["lang"].GetString()) == "es");
  REQUIRE(search["results"].Size() >= 1);
  CHECK(std::string(search["results"][0]["text_language"].GetString()) == "es");
  CHECK(std::string(get_json("/api/v1/search?lang=de&q=anxiety")["lang"].GetString()) == "en");

  auto listing = get_json("/api/v1/listings/fixture-en-anxiety-translated?lang=fr");
  CHECK(std::string(listing["lang"].GetString()) == "fr");
  CHECK(std::string(listing["text_language"].GetString()) == "fr");
  CHECK(std::string(listing["listing"]["name"].GetString()) == "Cercle de pairs sur l'anxiété (fictif)");
  CHECK(listing["listing"]["translations"].HasMember("es"));
  auto own = get_json("/api/v1/listings/fixture-fr-deuil?lang=es");
  CHECK(std::string(own["text_language"].GetString()) == "fr");  // no Spanish text: its own French

  auto ics = server().get("/api/v1/listings/fixture-en-anxiety-translated.ics?lang=es");
  REQUIRE(ics.status == 200);
  CHECK(ics.body.find("Círculo de pares sobre la ansiedad") != std::string::npos);
  // A referral list's calendar follows lang the same way.
  auto list = server().get("/api/v1/referral.ics?lang=es&id=fixture-en-anxiety-translated&id=fixture-fr-deuil");
  REQUIRE(list.status == 200);
  CHECK(list.body.find("Círculo de pares sobre la ansiedad") != std::string::npos);
  auto plain = server().get("/api/v1/referral.ics?id=fixture-en-anxiety-translated");
  CHECK(plain.body.find("Círculo de pares sobre la ansiedad") == std::string::npos);
}

TEST_CASE("languages: Meeting Guide language types become languages, on a real feed", "[languages][feeds][real]") {
  KINDRED_NEED_SAMPLE(path, "real/mg-tsml-ui/aasanjose.test.json");
  FeedSpec f;
  f.id = "sanjose";
  f.url = "https://meetings.example/feed.json";
  f.format = "meeting-guide";
  f.defaults.topics = {"substance-use"};
  f.defaults.cost = "donation";
  f.defaults.organization_name = "San Jose intergroup";
  ImportContext context{test::gazetteer(), &test::meeting_guide_types(), "2026-11-20", "2026-11-22"};
  auto imported = import_meeting_guide(f, test::slurp(path), context);
  REQUIRE(imported);
  size_t spanish_only = 0, bilingual = 0;
  for (const auto& text : imported->listings) {
    rapidjson::Document doc;
    REQUIRE(parse_json(text, doc).ok());
    auto languages = json::get_texts(doc, "languages");
    if (languages == std::vector<std::string>{"es"}) ++spanish_only;
    if (languages.size() > 1) {
      ++bilingual;
      CHECK(languages.front() == "en");  // the feed's language stays the text language
    }
  }
  std::cout << "[languages][real] aasanjose: " << imported->listings.size() << " meetings, " << spanish_only
            << " Spanish only, " << bilingual << " in more than one language\n";
  CHECK(spanish_only > 0);
}

TEST_CASE("languages: the CSV export's headers and labels follow lang", "[languages][server][export]") {
  auto es = server().get("/api/v1/search.csv?lang=es&q=ansiedad");
  REQUIRE(es.status == 200);
  CHECK(es.body.rfind("\xEF\xBB\xBFid,nombre,tipo,organización,temas,", 0) == 0);
  CHECK(es.body.find("Círculo de pares sobre la ansiedad (ficticio)") != std::string::npos);
  CHECK(es.body.find("Grupo de apoyo") != std::string::npos);  // the kind's label
  auto fr = server().get("/api/v1/export/csv?lang=fr");
  REQUIRE(fr.status == 200);
  CHECK(fr.body.rfind("\xEF\xBB\xBFid,nom,type,organisme,thèmes,", 0) == 0);
  auto en = server().get("/api/v1/export/csv?lang=de");
  REQUIRE(en.status == 200);
  CHECK(en.body.rfind("\xEF\xBB\xBFid,name,kind,", 0) == 0);
  test::refused("/api/v1/export/csv?lang=x", "lang");
}
