// @brief The index a server answers from, as Prometheus text on /metrics: its database
// revision and UUID. A replica is in step with the primary when both show the same UUID
// and revision (Xapian's replication keeps both), so comparing them across servers is
// the replication-lag alert of docs/operations.md.
#pragma once

#include <string>

#include "core/index/index_snapshot.h"

namespace kindred::http {

// kindred_index_revision (gauge) and kindred_index_info{uuid="..."} 1.
std::string index_metrics_text(const IndexSnapshot& snapshot);

}  // namespace kindred::http
