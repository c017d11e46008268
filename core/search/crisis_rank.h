// @brief The order for a query that may come from someone in danger: support offerings
// (groups, warmlines, peer programs, forums, drop-ins, coaching) before the offerings
// that teach (peer-support trainings, recovery-college courses).
#pragma once

#include <string>

#include <xapian.h>

#include "core/index/doc_set.h"
#include "core/index/index_snapshot.h"

namespace kindred {

// The kinds that teach rather than support, ranked after the others under a crisis flag.
inline constexpr const char* kLearningKinds[] = {"peer-training", "recovery-college"};

// A sort key for Enquire::set_sort_by_key_then_relevance: "0" for support, "1" for a
// learning offering, so supports come first and relevance orders each part. Reads the
// kind from the snapshot's postings (no document is decoded). The snapshot must outlive it.
class SupportFirst : public Xapian::KeyMaker {
 public:
  explicit SupportFirst(const IndexSnapshot& snapshot);
  std::string operator()(const Xapian::Document& doc) const override;
  // The learning offerings (key "1"), for ordering without Xapian (search.cpp).
  const DocSet& learning() const { return learning_; }

 private:
  DocSet learning_;
};

}  // namespace kindred
