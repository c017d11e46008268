// @brief See duplicate_match.h.
#include "core/index/duplicate_match.h"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <tuple>

#include "core/base/text_fold.h"
#include "core/geo/distance.h"

namespace kindred {

std::string meeting_name_key(std::string_view name) {
  std::vector<std::string> words = folded_words(name);
  // Only when another word is left: "The Group" stays "the group".
  std::vector<std::string> core(words);
  if (!core.empty() && core.front() == "the") core.erase(core.begin());
  if (!core.empty() && core.back() == "group") core.pop_back();
  if (!core.empty()) words = std::move(core);
  std::string key;
  for (const auto& w : words) {
    if (w == "and") continue;  // "&" is a word break: "Men & Women" = "Men and Women"
    if (!key.empty()) key += ' ';
    key += w;
  }
  return key;
}

std::string weekly_times_key(const std::vector<Meeting>& schedule) {
  std::vector<std::string> parts;
  for (const Meeting& m : schedule) {
    for (const auto& day : m.days) {
      parts.push_back(m.frequency + "/" + std::to_string(m.week_of_month) + "/" + day + "/" +
                      std::to_string(m.start_minute));
    }
  }
  std::sort(parts.begin(), parts.end());
  parts.erase(std::unique(parts.begin(), parts.end()), parts.end());
  std::string key;
  for (const auto& p : parts) key += (key.empty() ? "" : " ") + p;
  return key;
}

bool is_feed_origin(std::string_view origin) { return origin.rfind("feed:", 0) == 0; }

bool same_meeting(const MeetingCopy& a, const MeetingCopy& b) {
  if (a.name_key.empty() || a.name_key != b.name_key) return false;
  if (a.times_key.empty() || a.times_key != b.times_key) return false;
  if (a.origin == b.origin) return false;
  if (!is_feed_origin(a.origin) && !is_feed_origin(b.origin)) return false;
  if (!a.lat || !a.lon || !b.lat || !b.lon) return false;
  return great_circle_km(*a.lat, *a.lon, *b.lat, *b.lon) * 1000 <= kSameMeetingMetres;
}

std::vector<DuplicateGroup> find_duplicates(const std::vector<MeetingCopy>& copies,
                                            const std::vector<DuplicateLink>& links) {
  std::map<std::string, size_t> index_of;
  for (size_t i = 0; i < copies.size(); ++i) index_of.emplace(copies[i].id, i);
  std::set<std::pair<std::string, std::string>> split;  // both orders
  std::set<std::string> merged, targets;                // hidden by a moderator; kept by one
  for (const auto& l : links) {
    if (l.merge) {
      merged.insert(l.listing_id);
      targets.insert(l.other_id);
    } else {
      split.emplace(l.listing_id, l.other_id);
      split.emplace(l.other_id, l.listing_id);
    }
  }
  std::map<std::string, std::vector<size_t>> by_key;
  for (size_t i = 0; i < copies.size(); ++i) {
    if (!copies[i].name_key.empty()) by_key[copies[i].name_key].push_back(i);
  }
  std::vector<size_t> parent(copies.size());
  std::iota(parent.begin(), parent.end(), size_t{0});
  auto root = [&](size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  };
  for (const auto& [key, members] : by_key) {
    for (size_t x = 0; x < members.size(); ++x) {
      for (size_t y = x + 1; y < members.size(); ++y) {
        const MeetingCopy &a = copies[members[x]], &b = copies[members[y]];
        if (split.count({a.id, b.id}) == 0 && same_meeting(a, b)) parent[root(members[x])] = root(members[y]);
      }
    }
  }
  for (const auto& l : links) {
    auto a = index_of.find(l.listing_id), b = index_of.find(l.other_id);
    if (l.merge && a != index_of.end() && b != index_of.end()) parent[root(a->second)] = root(b->second);
  }
  std::map<size_t, std::vector<size_t>> components;
  for (size_t i = 0; i < copies.size(); ++i) components[root(i)].push_back(i);
  std::vector<DuplicateGroup> groups;
  for (auto& [r, members] : components) {
    if (members.size() < 2) continue;
    // Kept: a moderator's merge target, then a listing from a file or the store, then
    // the smallest id.
    auto rank = [&](size_t i) {
      const MeetingCopy& c = copies[i];
      bool target = targets.count(c.id) && !merged.count(c.id);
      return std::make_tuple(!target, is_feed_origin(c.origin), c.id);
    };
    std::sort(members.begin(), members.end(), [&](size_t x, size_t y) { return rank(x) < rank(y); });
    DuplicateGroup g;
    g.kept = copies[members.front()].id;
    for (size_t i : members) {
      const MeetingCopy& c = copies[i];
      if (i != members.front() && (is_feed_origin(c.origin) || merged.count(c.id))) g.hidden.push_back(c.id);
    }
    // A second listing from a file or the store stays a result of its own.
    if (g.hidden.empty()) continue;
    std::sort(g.hidden.begin(), g.hidden.end());
    g.members.push_back(g.kept);
    g.members.insert(g.members.end(), g.hidden.begin(), g.hidden.end());
    groups.push_back(std::move(g));
  }
  std::sort(groups.begin(), groups.end(), [](const DuplicateGroup& a, const DuplicateGroup& b) { return a.kept < b.kept; });
  return groups;
}

}  // namespace kindred
