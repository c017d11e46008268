// @brief Applying a sentence's reading to a request (see search_understand.h).
#include "core/search/search_understand.h"

#include "core/index/index_schema.h"

namespace kindred {

SearchRequest apply_understanding(const Understanding& reading, const SearchRequest& request,
                                  UnderstoodQuery& understood, bool& near_from_text) {
  SearchRequest out = request;
  out.q = reading.q;
  // The last word stays a prefix only while the person is still typing it.
  if (!out.q.empty() && reading.q_last_word_complete) out.q += ' ';
  understood.q = reading.q;
  near_from_text = false;
  const bool explicit_place = !request.near.empty() || request.lat || request.lon;
  if (!reading.near.empty() && !explicit_place) {
    out.near = reading.near;
    near_from_text = true;
  }
  for (const auto& [facet, values] : reading.filters) {
    auto given = request.filters.find(facet);
    if (given != request.filters.end() && (!given->second.include.empty() || !given->second.exclude.empty())) {
      continue;
    }
    out.filters[facet].include = values;
    understood.filters[facet] = values;
  }
  return out;
}

bool is_listing_name(const Xapian::Database& db, std::string_view q) {
  const std::string want = name_key(q);
  if (want.empty()) return false;
  try {
    std::vector<Xapian::Query> terms;
    size_t start = 0;
    for (size_t i = 0; i <= want.size(); ++i) {
      if (i == want.size() || want[i] == ' ') {
        if (i > start) terms.emplace_back(std::string(schema::kNamePrefix) + want.substr(start, i - start));
        start = i + 1;
      }
    }
    Xapian::Enquire enquire(db);
    enquire.set_query(Xapian::Query(Xapian::Query::OP_AND, terms.begin(), terms.end()));
    enquire.set_weighting_scheme(Xapian::BoolWeight());
    Xapian::MSet mset = enquire.get_mset(0, 100);
    for (auto it = mset.begin(); it != mset.end(); ++it) {
      if (name_key(it.get_document().get_value(schema::kSlotName)) == want) return true;
    }
  } catch (const Xapian::Error&) {
    return false;
  }
  return false;
}

}  // namespace kindred
