// @brief The index's revision and UUID on /metrics (see index_metrics.h).
#include "server/index_metrics.h"

namespace kindred::http {

std::string index_metrics_text(const IndexSnapshot& snapshot) {
  // A UUID is hex digits and hyphens: nothing in it needs escaping in a label value.
  return "# HELP kindred_index_revision The revision of the index database this server answers from.\n"
         "# TYPE kindred_index_revision gauge\n"
         "kindred_index_revision " +
         std::to_string(snapshot.revision()) +
         "\n"
         "# HELP kindred_index_info The index database this server answers from, by UUID (a rebuild is a new one).\n"
         "# TYPE kindred_index_info gauge\n"
         "kindred_index_info{uuid=\"" +
         snapshot.uuid() + "\"} 1\n";
}

}  // namespace kindred::http
