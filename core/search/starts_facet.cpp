// @brief The `starts` facet's windows as document sets at one `now`.
#include "core/search/starts_facet.h"

namespace kindred {

std::map<std::string, DocSet> starts_sets(const IndexSnapshot& snap, std::chrono::system_clock::time_point now) {
  using std::chrono::hours;
  const auto week = now + hours(24 * 7);
  const auto month = now + hours(24 * 31);
  std::map<std::string, DocSet> out;
  out.emplace("this-week", snap.starting_in(now, week));
  out.emplace("this-month", snap.starting_in(week, month));
  out.emplace("later", snap.starting_in(month, std::chrono::system_clock::time_point::max()));
  return out;
}

}  // namespace kindred
