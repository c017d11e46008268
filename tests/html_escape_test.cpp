// @brief The server-rendered page's escaping (server/html_escape.h) and the listing
// renderer fed the hostile fixture listing (tests/fixtures/browser: <script>, onerror and
// javascript: payloads), which must come out as inert text.
#include <catch2/catch.hpp>

#include <regex>

#include <rapidjson/document.h>

#include "core/base/json_util.h"
#include "server/html_escape.h"
#include "server/html_page.h"
#include "tests/test_support.h"

using namespace kindred;
namespace html = kindred::http::html;

TEST_CASE("html: text and attribute contexts", "[html]") {
  CHECK(html::text("<script>a & b</script>") == "&lt;script&gt;a &amp; b&lt;/script&gt;");
  CHECK(html::text("it's \"fine\"") == "it's \"fine\"");  // quotes are harmless between tags
  CHECK(html::attr("x\" onmouseover=\"alert(1)") == "x&quot; onmouseover=&quot;alert(1)");
  CHECK(html::attr("it's") == "it&#39;s");
  CHECK(html::attr("<>&") == "&lt;&gt;&amp;");
  CHECK(html::text("caf\xc3\xa9") == "caf\xc3\xa9");
  CHECK(html::text("bad \xff byte") == "bad \xef\xbf\xbd byte");  // invalid UTF-8 -> U+FFFD
  CHECK(html::text("") == "");
}

TEST_CASE("html: only http, https, tel, sms, mailto and same-site links", "[html]") {
  CHECK(html::url_attr("https://example.org/a?b=1&c=2") == "https://example.org/a?b=1&amp;c=2");
  CHECK(html::url_attr("http://example.org/") == "http://example.org/");
  CHECK(html::url_attr("HTTPS://EXAMPLE.ORG/") == "HTTPS://EXAMPLE.ORG/");
  CHECK(html::url_attr("tel:+12088831045") == "tel:+12088831045");
  CHECK(html::url_attr("sms:988") == "sms:988");
  CHECK(html::url_attr("mailto:a@example.org") == "mailto:a@example.org");
  CHECK(html::url_attr("/?q=a&listing=b") == "/?q=a&amp;listing=b");
  CHECK(html::url_attr("https://x.example/\"onmouseover=\"alert(1)") == "https://x.example/&quot;onmouseover=&quot;alert(1)");
  for (const char* hostile : {"javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)",
                              "java\tscript:alert(1)", "java\nscript:alert(1)", "data:text/html,<script>x</script>",
                              "vbscript:msgbox", "//evil.example/", "/\\evil.example/", "https:", "file:///etc/passwd",
                              "", "https\x01://x", "relative/path"}) {
    INFO(hostile);
    CHECK(html::url_attr(hostile).empty());
  }
}

TEST_CASE("html: query components and page links", "[html]") {
  CHECK(html::query_component("a b&c=d/é") == "a%20b%26c%3Dd%2F%C3%A9");
  CHECK(html::query_component("-_.~AZaz09") == "-_.~AZaz09");
  CHECK(html::page_link({}) == "/");
  CHECK(html::page_link({{"q", "grief & loss"}, {"topic", "-grief"}}) == "/?q=grief%20%26%20loss&topic=-grief");
}

TEST_CASE("html: the page template gets the block, and only there", "[html]") {
  std::string page = "<html><head><title>Old</title></head><body><noscript><!--kindred:server-view-->default"
                     "<!--/kindred:server-view--></noscript><p>after</p></body></html>";
  std::string filled = html::fill_page(html::Words(), page, "A <b>title</b>", "<p>block</p>");
  CHECK_THAT(filled, Catch::Contains("<title>A &lt;b&gt;title&lt;/b&gt;</title>"));
  CHECK_THAT(filled, Catch::Contains("<noscript><div class=\"nojs\"><p>block</p></div></noscript><p>after</p>"));
  CHECK(filled.find("default") == std::string::npos);
  // A template without the markers: the block goes before </body>, still in a noscript.
  CHECK_THAT(html::fill_page(html::Words(), "<body><p>x</p></body>", "t", "B"),
             Catch::Contains("<noscript><div class=\"nojs\">B</div></noscript></body>"));
}

TEST_CASE("html: the hostile fixture listing renders inert", "[html]") {
  rapidjson::Document file;
  REQUIRE(parse_json(test::slurp(test::source_path("tests/fixtures/browser/listings.json")), file));
  const rapidjson::Value* payload = nullptr;
  for (const auto& l : file["listings"].GetArray()) {
    if (std::string(l["name"].GetString()).find("<script>") != std::string::npos) payload = &l;
  }
  REQUIRE(payload);
  rapidjson::Document view;
  view.SetObject();
  rapidjson::Value copy;
  copy.CopyFrom(*payload, view.GetAllocator());
  view.AddMember("listing", copy, view.GetAllocator());
  view.AddMember("computed", rapidjson::Value(rapidjson::kObjectType), view.GetAllocator());

  std::string out = html::listing_block(html::Words(), view, test::vocabulary(), {{"q", "<script>alert(1)</script>"}});
  INFO(out);
  for (const char* live : {"<script", "<img", "<iframe", "<b>not bold"}) {
    INFO(live);
    CHECK(out.find(live) == std::string::npos);
  }
  // Inside a real tag (every '<' is ours): no script URL and no event handler.
  CHECK_FALSE(std::regex_search(out, std::regex("<[^>]*(javascript:|onerror|onload)", std::regex::icase)));
  CHECK_THAT(out, Catch::Contains("Payload &lt;img src=x onerror=\"window.__kindredPwned=1\"&gt;&lt;script&gt;"));
  CHECK_THAT(out, Catch::Contains("&amp;lt;b&amp;gt;not bold"));  // shown as typed, entities and all
  CHECK_THAT(out, Catch::Contains("value=\"&lt;script&gt;alert(1)&lt;/script&gt;\""));  // the search box
  CHECK_THAT(out, Catch::Contains("href=\"/suggest?listing="));
}

TEST_CASE("html: the crisis card names a line in the reader's language where sourced, else marks it English", "[html][lang]") {
  const std::string lines = test::slurp(test::source_path("web/crisis-lines.json"));
  const std::string fr = html::crisis_card(html::Words("fr"), lines, "CA");
  CHECK_THAT(fr, Catch::Contains("<li><strong>9-8-8 : Ligne d’aide en cas de crise de suicide</strong>"));
  CHECK(fr.find("Suicide Crisis Helpline") == std::string::npos);
  CHECK_THAT(fr, Catch::Contains("<strong lang=\"en\">Samaritans</strong>"));  // no French name given
  const std::string en = html::crisis_card(html::Words("en"), lines, "CA");
  CHECK_THAT(en, Catch::Contains("<li><strong>9-8-8 Suicide Crisis Helpline</strong>"));
  CHECK(en.find("lang=\"en\"") == std::string::npos);
}

TEST_CASE("html: the crisis card says no English hours or summary to a reader of another language", "[html][lang]") {
  const std::string lines = test::slurp(test::source_path("web/crisis-lines.json"));
  const auto catalogs = html::Catalogs::load(test::source_path("web"));
  const std::string es = html::crisis_card(catalogs.words("es"), lines, "GB");
  INFO(es);
  CHECK(es.find("24/7, free") == std::string::npos);  // Samaritans' hours are the data's English
  CHECK(es.find("free, confidential") == std::string::npos);  // nor Find A Helpline's summary
  CHECK_THAT(es, Catch::Contains("gratuitas y confidenciales"));
  CHECK_THAT(es, Catch::Contains("(24/7)"));  // figures read the same in Spanish
  const std::string en = html::crisis_card(catalogs.words("en"), lines, "GB");
  CHECK_THAT(en, Catch::Contains("(24/7, free)"));
  CHECK_THAT(en, Catch::Contains("free, confidential helplines in your country"));
  // French sets a colon off with a space.
  CHECK_THAT(en, Catch::Contains("Find A Helpline: <a href="));
  CHECK_THAT(html::crisis_card(catalogs.words("fr"), lines, "GB"), Catch::Contains("Find A Helpline : <a href="));
}
