// @brief Support-first ordering under a crisis flag (see crisis_rank.h).
#include "core/search/crisis_rank.h"

namespace kindred {

SupportFirst::SupportFirst(const IndexSnapshot& snapshot) : learning_(snapshot.max_docid()) {
  if (const FacetPostings* kinds = snapshot.facet("kind")) {
    for (const char* kind : kLearningKinds) {
      auto it = kinds->values.find(kind);
      if (it != kinds->values.end()) it->second.add_to(learning_);
    }
  }
}

std::string SupportFirst::operator()(const Xapian::Document& doc) const {
  return learning_.contains(doc.get_docid()) ? "1" : "0";
}

}  // namespace kindred
