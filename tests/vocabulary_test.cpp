// @brief Tests for core/vocabulary: the real data file, and every way a vocabulary can be broken.
#include "core/listing/vocabulary.h"

#include <array>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <catch2/catch.hpp>

namespace kindred {
namespace {

const std::string kVocabularyPath = KINDRED_SOURCE_DIR "/data/vocabulary.json";

const Vocabulary& real_vocabulary() {
  static const Vocabulary vocabulary = [] {
    auto loaded = Vocabulary::load(kVocabularyPath);
    if (!loaded) {
      std::string problems;
      for (const auto& p : loaded.error().details) problems += "\n  " + p.path + ": " + p.message;
      FAIL(loaded.error().message << problems);
    }
    return std::move(loaded).value();
  }();
  return vocabulary;
}

// The values a synonym phrase leads to within one facet ("" if none).
std::string value_for(const Vocabulary& v, const std::string& facet, const std::string& phrase) {
  for (const auto& s : v.synonyms()) {
    if (s.facet == facet && s.phrase == phrase) return s.value;
  }
  return "";
}

std::vector<std::string> values_of(const Facet& facet) {
  std::vector<std::string> out;
  for (const auto& v : facet.values) out.push_back(v.value);
  return out;
}

}  // namespace

TEST_CASE("the real vocabulary loads with its facets in order", "[vocabulary]") {
  const Vocabulary& v = real_vocabulary();
  std::vector<std::string> names;
  for (const auto& f : v.facets()) names.push_back(f.name);
  CHECK(names == std::vector<std::string>{"kind", "topic", "community", "attendance", "language",
                                          "cost", "facilitation", "accessibility", "region",
                                          "day", "time_of_day", "starts"});
  REQUIRE(v.facet("topic") != nullptr);
  CHECK(v.facet("topic")->field == "topics");
  CHECK(v.facet("community")->field == "communities");
  CHECK(v.facet("language")->field == "languages");
  CHECK(v.facet("day")->field == "schedule");
  CHECK(v.facet("day")->computed);
  CHECK(v.facet("time_of_day")->computed);
  CHECK(v.facet("starts")->computed);  // at each request's now (issue 17)
  CHECK_FALSE(v.facet("kind")->computed);
  CHECK_FALSE(v.facet("language")->closed);
  CHECK(v.facet("cost")->closed);
  CHECK(v.facet("topics") == nullptr);  // the facet is "topic"; "topics" is the listing field
  CHECK(v.facet("") == nullptr);
}

TEST_CASE("the closed facets hold exactly the agreed values", "[vocabulary]") {
  const Vocabulary& v = real_vocabulary();
  using List = std::vector<std::string>;
  CHECK(values_of(*v.facet("kind")) == List{"support-group", "online-forum", "peer-program",
                                            "warmline", "recovery-college", "peer-training",
                                            "peer-coaching", "drop-in-center"});
  CHECK(values_of(*v.facet("topic")) == List{"general-mental-health",
                                             "depression",
                                             "bipolar",
                                             "anxiety",
                                             "ocd",
                                             "bfrb",
                                             "trauma-ptsd",
                                             "psychosis",
                                             "hearing-voices",
                                             "eating-disorders",
                                             "substance-use",
                                             "dual-diagnosis",
                                             "grief",
                                             "suicide-loss",
                                             "self-harm",
                                             "perinatal",
                                             "adhd",
                                             "autism",
                                             "chronic-illness",
                                             "family-caregivers",
                                             "stigma"});
  CHECK(values_of(*v.facet("community")) == List{"youth",
                                                 "young-adults",
                                                 "older-adults",
                                                 "lgbtq",
                                                 "bipoc",
                                                 "black",
                                                 "indigenous",
                                                 "latinx",
                                                 "asian",
                                                 "women",
                                                 "men",
                                                 "veterans",
                                                 "first-responders",
                                                 "students",
                                                 "parents",
                                                 "survivors-childhood-abuse",
                                                 "survivors-violence",
                                                 "deaf-hoh",
                                                 "disabled",
                                                 "faith-based",
                                                 "healthcare-workers",
                                                 "justice-involved"});
  CHECK(values_of(*v.facet("attendance")) == List{"in-person", "online", "phone"});
  CHECK(values_of(*v.facet("cost")) == List{"free", "donation", "sliding-scale", "fee", "unknown"});
  CHECK(values_of(*v.facet("facilitation")) ==
        List{"peer-led", "co-facilitated", "professional-led"});
  CHECK(values_of(*v.facet("accessibility")) ==
        List{"wheelchair", "asl", "captions", "childcare", "quiet-room", "transit"});
  CHECK(values_of(*v.facet("day")) == List{"mo", "tu", "we", "th", "fr", "sa", "su"});
  CHECK(values_of(*v.facet("time_of_day")) == List{"morning", "afternoon", "evening", "night"});
}

TEST_CASE("languages include the common tags of the six countries", "[vocabulary]") {
  const Vocabulary& v = real_vocabulary();
  for (const char* tag : {"en", "es", "fr", "fr-CA", "de", "it", "pt", "zh", "ar", "vi",  "ko",
                          "tl", "ru", "hi", "pa",    "ur", "pl", "uk", "fa", "so", "asl", "bsl"}) {
    CHECK(v.contains("language", tag));
  }
  CHECK(v.facet("language")->values.size() >= 30);
  CHECK(v.label("language", "es") == "Español");
  CHECK(v.label("language", "asl") == "American Sign Language");
  CHECK(value_for(v, "language", "spanish") == "es");
  CHECK(value_for(v, "language", "british sign language") == "bsl");
  // BCP-47 tags are case-insensitive; closed values are not.
  CHECK(v.label("language", "fr-ca") == "Français (Canada)");
  CHECK(v.find("language", "FR-CA") == v.find("language", "fr-CA"));
  CHECK_FALSE(v.contains("kind", "Warmline"));
  // An open facet may be used with unlisted tags; they just have no label.
  CHECK_FALSE(v.contains("language", "haw"));
  CHECK(v.label("language", "haw") == "haw");
}

TEST_CASE("labels and lookups", "[vocabulary]") {
  const Vocabulary& v = real_vocabulary();
  CHECK(v.label("kind", "support-group") == "Support group");
  CHECK(v.label("attendance", "in-person") == "In person");
  CHECK(v.label("community", "lgbtq") == "LGBTQ+");
  const std::array<const char*, 7> days = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                           "Friday", "Saturday", "Sunday"};
  const Facet& day = *v.facet("day");
  for (std::size_t i = 0; i < days.size(); ++i) CHECK(day.values[i].label == days[i]);
  CHECK(value_for(v, "day", "mon") == "mo");
  CHECK(value_for(v, "day", "mondays") == "mo");
  CHECK(value_for(v, "day", "thursday") == "th");
  // Unknown facet or value: the value itself, never an empty label.
  CHECK(v.label("kind", "no-such-kind") == "no-such-kind");
  CHECK(v.label("no-such-facet", "x") == "x");
  CHECK_FALSE(v.contains("no-such-facet", "x"));
  CHECK(v.find("topic", "nope") == nullptr);
  for (const auto& f : v.facets()) {
    CHECK_FALSE(f.label.empty());
    for (const auto& value : f.values) {
      INFO(f.name << "=" << value.value);
      CHECK_FALSE(value.label.empty());
      CHECK(v.contains(f.name, value.value));
      CHECK(v.label(f.name, value.value) == value.label);
    }
  }
}

TEST_CASE("the required synonyms lead to the right values", "[vocabulary]") {
  const Vocabulary& v = real_vocabulary();
  struct Case {
    const char* facet;
    const char* value;
    std::vector<const char*> phrases;
  };
  const std::vector<Case> cases = {
      {"topic",
       "bfrb",
       {"skin picking", "dermatillomania", "excoriation", "hair pulling", "trichotillomania"}},
      {"topic", "bipolar", {"manic depression", "bipolar disorder"}},
      {"topic", "trauma-ptsd", {"ptsd", "c-ptsd", "trauma"}},
      {"topic", "psychosis", {"schizophrenia", "schizoaffective", "first episode"}},
      {"topic",
       "substance-use",
       {"aa", "na", "alcoholics anonymous", "addiction", "recovery from drugs", "alcohol",
        "sober"}},
      {"topic", "perinatal", {"postpartum", "postnatal", "pregnancy"}},
      {"topic", "grief", {"bereavement", "loss"}},
      {"topic", "suicide-loss", {"suicide bereavement", "loss to suicide"}},
      {"topic", "self-harm", {"self-injury", "cutting"}},
      {"topic", "eating-disorders", {"anorexia", "bulimia", "binge eating"}},
      {"topic", "family-caregivers", {"carers", "caregiver", "family member"}},
      {"topic", "depression", {"sad", "depressed"}},
      {"topic", "anxiety", {"panic attacks", "social anxiety"}},
      {"community",
       "lgbtq",
       {"queer", "gay", "lesbian", "trans", "transgender", "nonbinary", "lgbt", "lgbtqia"}},
      {"community", "youth", {"teen", "teens", "teenager", "adolescent"}},
      {"community", "veterans", {"vets", "veteran", "military", "ex-service"}},
      {"kind", "warmline", {"warm line", "peer line", "talk line"}},
      {"kind", "online-forum", {"forum", "message board", "online community"}},
      {"kind", "recovery-college", {"recovery education", "recovery courses"}},
      {"kind",
       "peer-training",
       {"certification", "peer specialist training", "peer support worker training"}},
      {"kind", "support-group", {"support group", "group", "meeting", "circle"}},
      {"attendance", "online", {"zoom", "virtual", "video"}},
      {"attendance", "in-person", {"face to face", "in person"}},
      {"cost", "free", {"no cost"}},
  };
  for (const Case& c : cases) {
    for (const char* phrase : c.phrases) {
      INFO(c.facet << ": \"" << phrase << "\"");
      CHECK(value_for(v, c.facet, phrase) == c.value);
    }
  }
}

TEST_CASE("synonyms are lower case and unambiguous within a facet", "[vocabulary]") {
  const Vocabulary& v = real_vocabulary();
  std::set<std::pair<std::string, std::string>> seen;  // (facet, phrase)
  std::size_t count = 0;
  for (const auto& s : v.synonyms()) {
    INFO(s.facet << ": \"" << s.phrase << "\"");
    for (char c : s.phrase) CHECK_FALSE((c >= 'A' && c <= 'Z'));
    CHECK(seen.insert({s.facet, s.phrase}).second);
    CHECK(v.contains(s.facet, s.value));
    ++count;
  }
  std::size_t listed = 0;
  for (const auto& f : v.facets()) {
    for (const auto& value : f.values) listed += value.synonyms.size();
  }
  CHECK(count == listed);
  // Different facets may share a phrase: "asl" is a language and an accessibility feature.
  CHECK(value_for(v, "language", "asl") == "asl");
  CHECK(value_for(v, "accessibility", "sign language") == "asl");
}

TEST_CASE("time_of_day ranges cover all 24 hours exactly once", "[vocabulary]") {
  const Vocabulary& v = real_vocabulary();
  const Facet& tod = *v.facet("time_of_day");
  auto minutes = [](const std::string& hhmm) {
    REQUIRE(hhmm.size() == 5);
    return std::stoi(hhmm.substr(0, 2)) * 60 + std::stoi(hhmm.substr(3, 2));
  };
  std::array<int, 24 * 60> covered{};
  for (const auto& value : tod.values) {
    INFO(value.value);
    int from = minutes(value.from), to = minutes(value.to);
    REQUIRE(from != to);
    for (int m = from; m != to; m = (m + 1) % (24 * 60)) ++covered[static_cast<std::size_t>(m)];
  }
  for (std::size_t m = 0; m < covered.size(); ++m) {
    INFO("minute " << m);
    REQUIRE(covered[m] == 1);
  }
  CHECK(v.find("time_of_day", "morning")->from == "05:00");
  CHECK(v.find("time_of_day", "morning")->to == "12:00");
  CHECK(v.find("time_of_day", "afternoon")->from == "12:00");
  CHECK(v.find("time_of_day", "evening")->from == "17:00");
  CHECK(v.find("time_of_day", "night")->from == "21:00");
  CHECK(v.find("time_of_day", "night")->to == "05:00");
  // Only hour-range facets carry ranges.
  CHECK(v.find("kind", "warmline")->from.empty());
}

TEST_CASE("a vocabulary is cheap to copy and safe to share between threads", "[vocabulary]") {
  const Facet* facet = nullptr;
  {
    Vocabulary copy = real_vocabulary();
    facet = copy.facet("topic");
    CHECK(facet == real_vocabulary().facet("topic"));  // shared, not duplicated
  }
  CHECK(facet->name == "topic");  // still valid: the original shares the data

  const Vocabulary& v = real_vocabulary();
  std::vector<std::thread> threads;
  std::array<int, 4> wrong{};
  for (std::size_t t = 0; t < wrong.size(); ++t) {
    threads.emplace_back([&v, &wrong, t] {
      for (int i = 0; i < 2000; ++i) {
        if (v.label("topic", "bfrb") != "Skin picking & hair pulling (BFRBs)") ++wrong[t];
        if (!v.contains("language", "fr-ca")) ++wrong[t];
        if (v.facet("day") == nullptr) ++wrong[t];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  CHECK(wrong == std::array<int, 4>{});

  Vocabulary empty;
  CHECK(empty.facets().empty());
  CHECK(empty.synonyms().empty());
  CHECK_FALSE(empty.contains("kind", "warmline"));
  CHECK(empty.label("kind", "warmline") == "warmline");
}

TEST_CASE("load reports a missing file and a directory", "[vocabulary]") {
  auto missing = Vocabulary::load(KINDRED_SOURCE_DIR "/data/no-such-vocabulary.json");
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == ErrorCode::kNotFound);
  auto directory = Vocabulary::load(KINDRED_SOURCE_DIR "/data");
  REQUIRE_FALSE(directory.ok());
  CHECK(directory.error().code == ErrorCode::kIo);
}

namespace {

// A well-formed one-facet vocabulary with `facet_body` as the facet's members.
std::string one_facet(const std::string& facet_body) {
  return R"({"format": "kindred-vocabulary/1", "facets": [{)" + facet_body + "}]}";
}

const std::string kGoodFacet = R"("name": "community", "field": "communities", "label": "Who")";

std::string community(const std::string& values) {
  return one_facet(kGoodFacet + R"(, "values": [)" + values + "]");
}

// A time_of_day facet with the given values.
std::string times(const std::string& values) {
  return one_facet(R"("name": "time_of_day", "field": "schedule", "label": "Time", "values": [)" +
                   values + "]");
}

std::string range(const char* value, const char* from, const char* to) {
  return std::string(R"({"value": ")") + value + R"(", "label": ")" + value + R"(", "from": ")" +
         from + R"(", "to": ")" + to + R"(", "synonyms": []})";
}

}  // namespace

TEST_CASE("parse reports each broken vocabulary with its path and message", "[vocabulary]") {
  struct Case {
    const char* name;
    std::string json;
    std::string path;
    std::string message;
  };
  const std::string lgbtq =
      R"({"value": "lgbtq", "label": "LGBTQ+", "synonyms": ["queer", "gay"]})";
  const std::vector<Case> cases = {
      {"not JSON", R"({"format": "kindred-vocabulary/1",)", "",
       "not valid JSON: Missing a name for object member. (line 1, column 35)"},
      {"not an object", "[]", "", "must be an object"},
      {"wrong format", R"({"format": "kindred-vocabulary/2", "facets": []})", "format",
       R"(must be "kindred-vocabulary/1", not "kindred-vocabulary/2")"},
      {"no facets", R"({"format": "kindred-vocabulary/1", "facets": []})", "facets",
       "must not be empty"},
      {"unknown key", one_facet(kGoodFacet + R"(, "colour": "red", "values": [)" + lgbtq + "]"),
       "facets[0].colour",
       "unknown key; expected one of name, field, label, labels, closed, computed, protected, values"},
      {"repeated key",
       community(R"({"value": "men", "value": "male", "label": "Men", "synonyms": []})"),
       "facets[0].values[0].value", "appears more than once"},
      {"wrong type", one_facet(kGoodFacet + R"(, "closed": "yes", "values": [)" + lgbtq + "]"),
       "facets[0].closed", "must be true or false"},
      {"duplicate value",
       community(lgbtq + R"(, {"value": "lgbtq", "label": "Queer", "synonyms": []})"),
       "facets[0].values[1].value",
       R"("lgbtq" is listed twice in facet community (also facets[0].values[0]))"},
      {"bad value", community(R"({"value": "Older Adults", "label": "Older", "synonyms": []})"),
       "facets[0].values[0].value",
       R"("Older Adults" is not a value (lower-case letters, digits and inner hyphens))"},
      {"missing label", community(R"({"value": "men", "synonyms": []})"),
       "facets[0].values[0].label", "is required"},
      {"blank label", community(R"({"value": "men", "label": "  ", "synonyms": []})"),
       "facets[0].values[0].label", "must not be blank"},
      {"duplicate label",
       community(lgbtq + R"(, {"value": "queer", "label": "LGBTQ+", "synonyms": []})"),
       "facets[0].values[1].label", R"("LGBTQ+" is also the label of lgbtq in facet community)"},
      {"synonym under two values",
       community(lgbtq + R"(, {"value": "men", "label": "Men", "synonyms": ["men", "gay"]})"),
       "facets[0].values[1].synonyms[1]", R"("gay" is also a synonym of lgbtq in facet community)"},
      {"synonym twice under one value",
       community(R"({"value": "men", "label": "Men", "synonyms": ["male", "guys", "male"]})"),
       "facets[0].values[0].synonyms[2]", R"("male" is listed twice for men)"},
      {"synonym naming another value",
       community(lgbtq + R"(, {"value": "youth", "label": "Youth", "synonyms": ["lgbtq"]})"),
       "facets[0].values[1].synonyms[0]", R"("lgbtq" is the value lgbtq in facet community)"},
      {"synonym naming another label",
       community(lgbtq + R"(, {"value": "youth", "label": "Youth", "synonyms": ["lgbtq+"]})"),
       "facets[0].values[1].synonyms[0]", R"("lgbtq+" is the label of lgbtq in facet community)"},
      {"upper-case synonym",
       community(R"({"value": "lgbtq", "label": "LGBTQ+", "synonyms": ["queer", "Gay"]})"),
       "facets[0].values[0].synonyms[1]", R"("Gay" must be lower case)"},
      {"non-ASCII upper-case synonym",
       community(R"({"value": "indigenous", "label": "Indigenous", "synonyms": ["MÉTIS"]})"),
       "facets[0].values[0].synonyms[0]", R"("MÉTIS" must be lower case)"},
      {"synonym with stray spaces",
       community(R"({"value": "men", "label": "Men", "synonyms": ["men  only"]})"),
       "facets[0].values[0].synonyms[0]",
       R"("men  only" has leading, trailing or repeated spaces)"},
      {"empty synonym", community(R"({"value": "men", "label": "Men", "synonyms": [""]})"),
       "facets[0].values[0].synonyms[0]", "must not be empty"},
      {"synonym not a string", community(R"({"value": "men", "label": "Men", "synonyms": [7]})"),
       "facets[0].values[0].synonyms[0]", "must be a string"},
      {"bad time",
       times(range("morning", "05:00", "12:00") + "," + range("rest", "12:00", "25:00")),
       "facets[0].values[1].to", R"(must be a time "HH:MM" from 00:00 to 23:59)"},
      {"empty range", times(range("day", "05:00", "05:00")), "facets[0].values[0].to",
       R"(equals "from"; a range must not be empty)"},
      {"overlapping ranges",
       times(range("day", "05:00", "18:00") + "," + range("night", "17:00", "05:00")),
       "facets[0].values[1]", "night (17:00-05:00) overlaps day (05:00-18:00)"},
      {"gap in ranges",
       times(range("day", "05:00", "17:00") + "," + range("night", "21:00", "05:00")),
       "facets[0].values", "no value covers 17:00-21:00"},
      {"time_of_day without ranges",
       times(R"({"value": "morning", "label": "Morning", "synonyms": []})"), "facets[0].values[0]",
       R"(needs "from" and "to": every time_of_day value is an hour range)"},
      {"from without to",
       times(R"({"value": "all", "label": "All", "from": "00:00", "synonyms": []})"),
       "facets[0].values[0]", R"(has "from" but no "to")"},
      {"duplicate facet",
       R"({"format": "kindred-vocabulary/1", "facets": [)"
       R"({"name": "cost", "field": "cost", "label": "Cost",)"
       R"( "values": [{"value": "free", "label": "Free", "synonyms": []}]},)"
       R"({"name": "cost", "field": "cost", "label": "Price",)"
       R"( "values": [{"value": "fee", "label": "Fee", "synonyms": []}]}]})",
       "facets[1].name", R"("cost" is also the name of facets[0])"},
      {"bad facet name",
       one_facet(R"("name": "Time Of Day", "field": "schedule", "label": "T", "values": [])"),
       "facets[0].name", R"("Time Of Day" is not a facet name ([a-z][a-z0-9_]*))"},
      {"empty values", one_facet(kGoodFacet + R"(, "values": [])"), "facets[0].values",
       "must not be empty"},
      {"invalid UTF-8", community("{\"value\": \"men\", \"label\": \"M\xff\", \"synonyms\": []}"),
       "", "not valid JSON: Invalid encoding in string. (line 1, column 148)"},
      {"empty input", "", "", "not valid JSON: The document is empty. (line 1, column 1)"},
  };
  for (const Case& c : cases) {
    INFO(c.name << ": " << c.json);
    auto parsed = Vocabulary::parse(c.json, "broken.json");
    REQUIRE_FALSE(parsed.ok());
    const Error& e = parsed.error();
    CHECK(e.code == ErrorCode::kCorrupt);
    CHECK(e.message.rfind("broken.json: ", 0) == 0);
    REQUIRE_FALSE(e.details.empty());
    bool found = false;
    std::string reported;
    for (const Problem& p : e.details) {
      reported += "\n  " + p.path + ": " + p.message;
      found = found || (p.path == c.path && p.message == c.message);
    }
    INFO("reported:" << reported);
    CHECK(found);
  }
}

TEST_CASE("parse reports every problem at once", "[vocabulary]") {
  const std::string json = R"({"format": "kindred-vocabulary/1", "extra": 1, "facets": [
    {"name": "community", "field": "communities", "label": "Who", "values": [
      {"value": "lgbtq", "label": "LGBTQ+", "synonyms": ["gay", "Queer"]},
      {"value": "men", "label": "", "synonyms": ["gay"]},
      {"value": "lgbtq", "label": "Again", "synonyms": []}]}]})";
  auto parsed = Vocabulary::parse(json, "many.json");
  REQUIRE_FALSE(parsed.ok());
  std::set<std::string> paths;
  for (const Problem& p : parsed.error().details) paths.insert(p.path);
  CHECK(paths == std::set<std::string>{"extra", "facets[0].values[0].synonyms[1]",
                                       "facets[0].values[1].label", "facets[0].values[2].value"});
  CHECK(parsed.error().message ==
        "many.json: not a valid vocabulary: extra: unknown key; expected one of format, facets "
        "(and 3 more problems)");
}

TEST_CASE("a minimal valid vocabulary parses", "[vocabulary]") {
  auto parsed = Vocabulary::parse(
      R"json({"format": "kindred-vocabulary/1", "facets": [
          {"name": "language", "field": "languages", "label": "Language", "closed": false,
           "values": [{"value": "fr-CA", "label": "Français (Canada)",
                       "synonyms": ["québécois"]}]}]})json",
      "ok.json");
  REQUIRE(parsed.ok());
  const Vocabulary& v = *parsed;
  CHECK(v.contains("language", "fr-ca"));
  REQUIRE(v.synonyms().size() == 1);
  CHECK(v.synonyms()[0].phrase == "québécois");
  CHECK(v.synonyms()[0].facet == "language");
  CHECK(v.synonyms()[0].value == "fr-CA");
}

TEST_CASE("an open facet may list no values: its heading alone, labelled in each language", "[vocabulary]") {
  auto parsed = Vocabulary::parse(
      one_facet(R"("name": "region", "field": "location", "label": "Region", "labels": {"es": "Región"},)"
                R"( "closed": false, "computed": true, "values": [])"),
      "region.json");
  REQUIRE(parsed);
  CHECK(parsed->facet("region")->values.empty());
  CHECK(parsed->facet_label("region", "es") == "Región");
  CHECK(parsed->facet_label("region", "fr") == "Region");  // no French: the English
  // The shipped vocabulary names the region facet in Spanish and French (the page's filter
  // heading; the search answer's label).
  CHECK(real_vocabulary().facet_label("region", "es") == "Región");
  CHECK(real_vocabulary().facet_label("region", "fr") == "Région");
}

}  // namespace kindred
