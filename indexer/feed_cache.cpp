// @brief The on-disk feed cache (see feed_cache.h).
#include "indexer/feed_cache.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/prettywriter.h>

#include "core/base/atomic_file.h"
#include "core/base/json_build.h"
#include "core/base/json_util.h"

namespace kindred::feeds {

CachedFeed FeedCache::read(const std::string& id) const {
  CachedFeed out;
  if (auto meta = read_file(meta_path(id))) {
    rapidjson::Document doc;
    if (parse_json(*meta, doc) && doc.IsObject()) {
      out.meta.url = json::get_text(doc, "url");
      out.meta.etag = json::get_text(doc, "etag");
      out.meta.last_modified = json::get_text(doc, "last_modified");
      out.meta.fetched_at = json::get_text(doc, "fetched_at");
      out.meta.last_attempt = json::get_text(doc, "last_attempt");
      out.meta.last_error = json::get_text(doc, "last_error");
      auto items = doc.FindMember("items");
      if (items != doc.MemberEnd() && items->value.IsUint64()) out.meta.items = static_cast<size_t>(items->value.GetUint64());
    }
  }
  if (auto body = read_file(body_path(id))) {
    out.body = std::move(body).value();
    out.has_body = true;
  }
  return out;
}

Status FeedCache::store_meta(const std::string& id, const CacheMeta& meta) const {
  rapidjson::Document doc(rapidjson::kObjectType);
  auto& a = doc.GetAllocator();
  json::add(doc, "url", json::str(meta.url, a), a);
  json::add(doc, "etag", json::str(meta.etag, a), a);
  json::add(doc, "last_modified", json::str(meta.last_modified, a), a);
  json::add(doc, "fetched_at", json::str(meta.fetched_at, a), a);
  json::add(doc, "last_attempt", json::str(meta.last_attempt, a), a);
  json::add(doc, "last_error", json::str(meta.last_error, a), a);
  json::add(doc, "items", rapidjson::Value(static_cast<uint64_t>(meta.items)), a);
  rapidjson::StringBuffer buf;
  rapidjson::PrettyWriter<rapidjson::StringBuffer> w(buf);
  doc.Accept(w);
  return write_file_atomically(meta_path(id), std::string(buf.GetString(), buf.GetSize()) + "\n");
}

Status FeedCache::store(const std::string& id, const std::string& body, const CacheMeta& meta) const {
  // Body first: if we die between the two, the old validators go with the new body and
  // the next fetch is merely unconditional.
  if (Status s = write_file_atomically(body_path(id), body); !s) return s;
  return store_meta(id, meta);
}

}  // namespace kindred::feeds
