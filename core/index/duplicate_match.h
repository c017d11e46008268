// @brief Telling two feeds' copies of one meeting apart from two different meetings: the
// matcher behind "one meeting, one result" (docs/design.md, "Duplicate meetings").
//
// Two copies are the same meeting when all of these hold:
//  - their names have the same key (meeting_name_key): case, accents, punctuation, a
//    leading "The", the word "and" (so "&" = "and") and a trailing "Group" do not count.
//    Nothing fuzzier: "Serenity Seekers" and "Serenity Seeker" stay two groups, because a
//    wrong merge hides a real meeting, while a missed one only shows it twice;
//  - both are placed, within kSameMeetingMetres of each other;
//  - they have the same weekly times (weekly_times_key): the same days and start times
//    (and frequency); end times and notes may differ between feeds;
//  - they come from different origins, and at least one is a feed ("feed:<id>"). Two
//    listings from files or the store are never merged automatically: people wrote them.
// Matching is transitive within a name key. In each group one copy is kept and shown:
// a listing from a file or the store when there is one (never hidden by a feed copy),
// else the feed copy with the smallest id. The other feed copies are hidden.
// Thread safety: pure functions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/listing/listing.h"

namespace kindred {

inline constexpr double kSameMeetingMetres = 100;

// "The Sunday Serenity Group!" -> "sunday serenity"; "Café & Chat" -> "cafe chat". ""
// when nothing is left (such a name never matches).
std::string meeting_name_key(std::string_view name);

// "weekly/0/mo/1170 weekly/0/we/1170": every (frequency, week of month, day, start) of a
// schedule, sorted; "" for no meetings (such a listing never matches).
std::string weekly_times_key(const std::vector<Meeting>& schedule);

// One listing as the matcher sees it.
struct MeetingCopy {
  std::string id;
  std::string origin;    // "feed:<feed id>", or the file or "store" it came from
  std::string name_key;  // meeting_name_key(name)
  std::string times_key; // weekly_times_key(schedule)
  std::optional<double> lat, lon;
};

bool is_feed_origin(std::string_view origin);

// True when `a` and `b` are two copies of one meeting (the rules above).
bool same_meeting(const MeetingCopy& a, const MeetingCopy& b);

// A moderator's decision about two listings (recorded in the store, core/store/store.h,
// and copied into the index's metadata, duplicate_index.h).
//  - merge: `listing_id` is the same meeting as `other_id` and is hidden behind it,
//    whatever the rules above say (names, places or times may differ; either may come
//    from a file or the store);
//  - split: the two are never matched to each other by the rules above.
struct DuplicateLink {
  std::string listing_id, other_id;
  bool merge = true;
  bool operator==(const DuplicateLink& o) const {
    return listing_id == o.listing_id && other_id == o.other_id && merge == o.merge;
  }
};

struct DuplicateGroup {
  std::string kept;                 // the copy search shows
  std::vector<std::string> hidden;  // feed copies search leaves out, ascending
  std::vector<std::string> members; // kept, then hidden: the copies the one result stands for
};

// The groups of two or more copies among `copies`, by the rules above and the moderators'
// `links`, ordered by kept id. The target of a merge is kept (unless it was itself merged
// into another); a listing merged by a moderator is hidden even if it came from a file or
// the store. A split only stops the rules matching the pair directly: a third copy that
// matches both still joins them (split it too). O(n²) within each name key; keys are
// small (a name is rarely shared by many listings).
std::vector<DuplicateGroup> find_duplicates(const std::vector<MeetingCopy>& copies,
                                            const std::vector<DuplicateLink>& links = {});

}  // namespace kindred
