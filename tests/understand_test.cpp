// @brief The sentence reader (core/search/understand.h) and place choice
// (core/search/place_choice.h) over the real vocabulary and gazetteer: what is read from
// people's sentences, what is left alone, and what it costs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>

#include "core/search/place_choice.h"
#include "core/search/understand.h"
#include "tests/test_support.h"

namespace kindred {
namespace {

const QueryReader& reader() {
  static const QueryReader r(test::vocabulary(), test::gazetteer());
  return r;
}

Understanding read(std::string_view q) {
  return reader().read(q, [](std::string_view) { return false; });
}

using Values = std::vector<std::string>;

Values filter(const Understanding& u, const std::string& facet) {
  auto it = u.filters.find(facet);
  return it == u.filters.end() ? Values{} : it->second;
}

TEST_CASE("understand: a sentence with a place after 'near'", "[understand]") {
  auto u = read("I have bipolar, anything near Moscow Idaho?");
  CHECK(u.changed);
  CHECK(u.near == "Moscow Idaho");
  CHECK(u.q == "bipolar");
  CHECK(u.filters.empty());
  CHECK(u.q_last_word_complete);
}

TEST_CASE("understand: places with and without cues", "[understand]") {
  CHECK(read("bipolar group in Boise").near == "Boise");
  CHECK(read("bipolar group in Boise").q == "bipolar group");
  CHECK(read("support groups Sydney NSW").near == "Sydney NSW");
  CHECK(read("support groups Sydney NSW").q == "support groups");
  CHECK(read("depression 83843").near == "83843");
  CHECK(read("depression 83843").q == "depression");
  CHECK(read("grief close to Portland, Maine").near == "Portland, Maine");
  CHECK(read("anxiety around 2000").near == "2000");  // an Australian postcode after a cue
  CHECK(read("anxiety since 2019").near.empty());    // a bare 4-digit number is a year
  // Lower-case two-letter words are words, not states: "or" is not Oregon.
  CHECK(read("depression or anxiety").near.empty());
  CHECK(read("depression or anxiety").changed == false);
  CHECK(read("near me").near.empty());
  // After "in", a lone small town counts only when written as a name.
  CHECK(read("living in hope").near.empty());
  CHECK(read("living in Hope").near == "Hope");
  CHECK(read("recovery in reading").near == "reading");  // Reading, England: a big town
  // A place must be known by its exact name: no place is guessed from a typo in a sentence.
  CHECK(read("bipolar near Mosco").near.empty());
}

TEST_CASE("understand: days, times, attendance, language, community", "[understand]") {
  auto u = read("bipolar tuesday evening");
  CHECK(filter(u, "day") == Values{"tu"});
  CHECK(filter(u, "time_of_day") == Values{"evening"});
  CHECK(u.q == "bipolar");
  CHECK(filter(read("something on weekends"), "day") == Values{"sa", "su"});
  CHECK(filter(read("groups in the mornings"), "time_of_day") == Values{"morning"});
  CHECK(filter(read("anxiety online"), "attendance") == Values{"online"});
  CHECK(filter(read("anxiety in person"), "attendance") == Values{"in-person"});
  CHECK(filter(read("someone by phone"), "attendance") == Values{"phone"});
  CHECK(filter(read("depression in Spanish"), "language") == Values{"es"});
  CHECK(filter(read("depresión en español"), "language") == Values{"es"});
  CHECK(filter(read("anxiété en français"), "language") == Values{"fr"});
  auto v = read("a group for veterans");
  CHECK(filter(v, "community") == Values{"veterans"});
  CHECK(v.q == "group");
  CHECK(filter(read("LGBTQ"), "community") == Values{"lgbtq"});
  CHECK(filter(read("LGBTQ+ anxiety"), "community") == Values{"lgbtq"});
  CHECK(filter(read("for teens"), "community") == Values{"youth"});
  // Someone else's community is not the group the person looks for.
  auto mom = read("my mom has bipolar");
  CHECK(mom.filters.empty());
  CHECK_FALSE(mom.changed);  // nothing read, and "my" and "has" are stop words anyway
  // Two communities mean both: left to the text, where every word must match.
  auto both_communities = read("queer teens online");
  CHECK(filter(both_communities, "community").empty());
  CHECK(filter(both_communities, "attendance") == Values{"online"});
  CHECK(both_communities.q == "queer teens");
  // Place and language in one sentence: "in Spanish" is a language, "in Boise" a place.
  auto both = read("depression group in Spanish in Boise");
  CHECK(filter(both, "language") == Values{"es"});
  CHECK(both.near == "Boise");
  CHECK(both.q == "depression group");
}

TEST_CASE("understand: phrases of other facets stay text", "[understand]") {
  // "online forum" is a kind: not attendance=online plus "forum".
  auto f = read("online forum");
  CHECK(filter(f, "attendance").empty());
  CHECK(f.changed == false);
  // "chinese" is a language and a community: only a cue settles it.
  CHECK(read("chinese").filters.empty());
  CHECK(filter(read("anxiety in chinese"), "language") == Values{"zh"});
  // "recovery college" is a kind, not the community "college" (students).
  CHECK(read("recovery college").filters.empty());
  // Search syntax is left as typed.
  CHECK(read("\"tuesday evening\" bipolar").changed == false);
  CHECK(read("bipolar -online").changed == false);
  CHECK(read("bipolar NOT online").changed == false);
  // Plain topic words change nothing.
  CHECK(read("bipolar").changed == false);
  CHECK(read("bipolar").q == "bipolar");
  CHECK(read("").changed == false);
  CHECK(read("?!").changed == false);
}

TEST_CASE("understand: a listing's name is never read as parameters", "[understand]") {
  auto names = [](std::string_view q) { return name_key(q) == "tuesday evening online circle"; };
  auto u = reader().read("Tuesday Evening Online Circle", names);
  CHECK_FALSE(u.changed);
  CHECK(u.filters.empty());
  CHECK(u.q == "Tuesday Evening Online Circle");
  // Anything more than the name is a sentence again.
  CHECK(reader().read("Tuesday Evening Online Circle in Boise", names).near == "Boise");
  CHECK(name_key("  Latah Recovery-Center! ") == "latah recovery center");
}

TEST_CASE("understand: search-as-you-type keeps the last word a prefix", "[understand]") {
  auto typing = read("bipolar tuesday evening anx");
  CHECK(typing.q == "bipolar anx");
  CHECK_FALSE(typing.q_last_word_complete);
  auto done = read("bipolar anx tuesday");
  CHECK(done.q == "bipolar anx");
  CHECK(done.q_last_word_complete);
}

TEST_CASE("understand: strange input is read without harm", "[understand]") {
  for (const char* q : {"中文 抑郁", "مرحبا near", "near", "in", "for for for", "😀 near 😀", "near near near Boise",
                        "' \" ( ) [ ]", "near ,,,, Boise", "----", "in in in in in in in in in"}) {
    INFO(q);
    auto u = read(q);
    CHECK(u.q.size() <= std::string_view(q).size());
  }
  CHECK(read("near near near Boise").near == "Boise");
}

TEST_CASE("understand: random sentences keep the reader's promises", "[understand]") {
  // Words that trigger every path (cues, phrases, places, fillers, syntax) mixed with
  // punctuation and other scripts, in random orders.
  const char* pool[] = {"near", "in", "around", "close", "to", "for", "the", "my", "Moscow", "Idaho", "ID", "83843",
                        "2000", "NSW", "Sydney", "Boise", "tuesday", "evening", "weekends", "online", "in person",
                        "by", "phone", "Spanish", "en", "español", "chinese", "speaking", "veterans", "LGBTQ+", "teens",
                        "queer", "bipolar", "group", "?", ",", ".", "!", "'", "\"", "-", "+", "NOT", "中文", "😀",
                        "I", "have", "anything", "online forum", "recovery college", "self-harm", "d/deaf", "1:1"};
  uint64_t seed = 12345;
  auto next = [&] {
    seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
    return static_cast<size_t>(seed >> 33);
  };
  const auto& facets = understood_facet_names();
  for (int round = 0; round < 3000; ++round) {
    std::string q;
    size_t words = 1 + next() % 12;
    for (size_t i = 0; i < words; ++i) {
      if (!q.empty() && next() % 4 != 0) q += ' ';
      q += pool[next() % std::size(pool)];
    }
    INFO(q);
    auto u = read(q);
    // The text left and the place are made of what was typed, never of anything else.
    if (!u.near.empty()) CHECK(q.find(u.near) != std::string::npos);
    CHECK(u.q.size() <= q.size());
    for (const auto& [facet, values] : u.filters) {
      CHECK(std::find(facets.begin(), facets.end(), facet) != facets.end());
      for (const auto& v : values) CHECK(test::vocabulary().contains(facet, v));
      CHECK_FALSE(values.empty());
    }
    if (!u.changed) CHECK(u.filters.empty());
    if (!u.changed) CHECK(u.near.empty());
  }
}

TEST_CASE("understand: reading a sentence costs microseconds", "[understand][speed]") {
  const char* sentences[] = {"I have bipolar, anything near Moscow Idaho?", "bipolar tuesday evening near 83843",
                             "depression group in Spanish in Boise", "something for teens online on weekends",
                             "LGBTQ support Sydney NSW", "anxiety", "peer support for veterans by phone",
                             "hearing voices group London mornings"};
  for (const char* q : sentences) read(q);  // warm up
  const int rounds = 200;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < rounds; ++i) {
    for (const char* q : sentences) read(q);
  }
  double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count() /
              (rounds * static_cast<double>(std::size(sentences)));
  WARN("understanding one sentence: " << us << " microseconds on average");
  CHECK(us < 1000);  // well under a millisecond, even in a sanitizer build
}

TEST_CASE("place choice: country first, alternatives, postal codes", "[understand][place]") {
  const Gazetteer& g = test::gazetteer();
  auto plain = choose_place(g, "Moscow", "");
  REQUIRE(plain);
  CHECK(plain->place.country == "RU");  // the most populous, as before
  bool idaho = false;
  for (const auto& a : plain->alternatives) idaho = idaho || a.region_code == "US-ID";
  CHECK(idaho);
  CHECK(plain->alternatives.size() <= kMaxPlaceAlternatives);

  auto us = choose_place(g, "Moscow", "US");
  REQUIRE(us);
  CHECK(us->place.region_code == "US-ID");
  bool russia = false;
  for (const auto& a : us->alternatives) {
    russia = russia || a.country == "RU";
    CHECK_FALSE(a.region_code == "US-ID");
  }
  CHECK(russia);

  // The text's own qualifier wins over the country, and leaves nothing to choose.
  auto named = choose_place(g, "Moscow, ID", "RU");
  REQUIRE(named);
  CHECK(named->place.region_code == "US-ID");
  CHECK(named->alternatives.empty());

  // A postal code is never ambiguous within its country.
  auto zip = choose_place(g, "83843", "US");
  REQUIRE(zip);
  CHECK(zip->place.postal_code == "83843");
  for (const auto& a : zip->alternatives) CHECK(a.country != "US");

  CHECK_FALSE(choose_place(g, "Xqzzyville", "US"));
}

}  // namespace
}  // namespace kindred
