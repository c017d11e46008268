// @brief The feed refresher's status as JSON (GET /api/v1/feeds) and as Prometheus text
// (/metrics); see feed_refresher.h. Feed ids are ^[a-z0-9-]+$, so they need no escaping
// in a metric label.
#include "server/feed_refresher.h"
#include "server/json_writer.h"

namespace kindred::http {
namespace {

void count(jw::Writer& w, const char* k, uint64_t n) {
  w.Key(k);
  w.Uint64(n);
}

void text_or_null(jw::Writer& w, const char* k, const std::string& v) {
  w.Key(k);
  if (v.empty()) {
    w.Null();
  } else {
    jw::put(w, v);
  }
}

size_t unknown_total(const FeedStatus& f) {
  size_t n = 0;
  for (const auto& [code, items] : f.unknown_codes) n += items;
  return n;
}

}  // namespace

std::string feeds_status_json(const std::vector<FeedStatus>& feeds) {
  rapidjson::StringBuffer buf;
  jw::Writer w(buf);
  w.StartObject();
  w.Key("feeds");
  w.StartArray();
  for (const FeedStatus& f : feeds) {
    w.StartObject();
    jw::field(w, "id", f.id);
    jw::field(w, "url", f.url);
    jw::field(w, "format", f.format);
    w.Key("enabled");
    w.Bool(f.enabled);
    w.Key("refresh_seconds");
    w.Int(f.refresh_seconds);
    jw::field(w, "state", f.state);
    text_or_null(w, "last_attempt", f.last_attempt);
    text_or_null(w, "last_success", f.last_success);
    text_or_null(w, "copy_fetched_at", f.copy_fetched_at);
    text_or_null(w, "last_error", f.last_error);
    count(w, "items", f.items);
    count(w, "accepted", f.accepted);
    count(w, "rejected", f.rejected);
    w.Key("unknown_codes");
    w.StartObject();
    for (const auto& [code, items] : f.unknown_codes) count(w, code.c_str(), items);
    w.EndObject();
    w.Key("held");
    w.Bool(f.held);
    count(w, "held_items", f.held_items);
    w.Key("last_apply");
    w.StartObject();
    count(w, "added", f.last_apply.added);
    count(w, "changed", f.last_apply.changed);
    count(w, "unchanged", f.last_apply.unchanged);
    count(w, "removed", f.last_apply.removed);
    count(w, "kept_other_source", f.last_apply.kept_other_source);
    w.EndObject();
    count(w, "attempts", f.attempts);
    count(w, "failures", f.failures);
    count(w, "holds", f.holds);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return jw::finish(buf);
}

std::string feeds_metrics_text(const std::vector<FeedStatus>& feeds) {
  if (feeds.empty()) return {};
  struct Metric {
    const char* name;
    const char* type;
    const char* help;
    uint64_t (*value)(const FeedStatus&);
  };
  static const Metric kMetrics[] = {
      {"kindred_feed_items", "gauge", "Items in the feed's copy in use.",
       [](const FeedStatus& f) -> uint64_t { return f.items; }},
      {"kindred_feed_accepted", "gauge", "Listings of the copy in use that passed validation.",
       [](const FeedStatus& f) -> uint64_t { return f.accepted; }},
      {"kindred_feed_rejected", "gauge", "Items of the copy in use that did not become a listing.",
       [](const FeedStatus& f) -> uint64_t { return f.rejected; }},
      {"kindred_feed_unknown_code_items", "gauge", "Unknown type codes in the copy in use (one per item and code).",
       [](const FeedStatus& f) -> uint64_t { return unknown_total(f); }},
      {"kindred_feed_held", "gauge", "1 while a new copy is held for a moderator (its item count fell by half).",
       [](const FeedStatus& f) -> uint64_t { return f.held ? 1 : 0; }},
      {"kindred_feed_failing", "gauge", "1 while the last fetch failed (the last good copy stays in use).",
       [](const FeedStatus& f) -> uint64_t { return f.state == "failed" ? 1 : 0; }},
      {"kindred_feed_attempts_total", "counter", "Fetches of the feed since the server started.",
       [](const FeedStatus& f) -> uint64_t { return f.attempts; }},
      {"kindred_feed_failures_total", "counter", "Failed fetches of the feed since the server started.",
       [](const FeedStatus& f) -> uint64_t { return f.failures; }},
      {"kindred_feed_holds_total", "counter", "Fetched copies held since the server started.",
       [](const FeedStatus& f) -> uint64_t { return f.holds; }},
  };
  std::string out;
  for (const Metric& m : kMetrics) {
    out += std::string("# HELP ") + m.name + " " + m.help + "\n# TYPE " + m.name + " " + m.type + "\n";
    for (const FeedStatus& f : feeds) {
      out += std::string(m.name) + "{feed=\"" + f.id + "\"} " + std::to_string(m.value(f)) + "\n";
    }
  }
  return out;
}

}  // namespace kindred::http
