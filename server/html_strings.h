// @brief Every sentence the server-rendered page says (server/html_page.h), in one place,
// so wording is reviewed and changed here. Plain text: the renderer escapes it.
#pragma once

namespace kindred::http::html::say {

// The frame of a page of its own (the suggestion form), as web/index.html words it.
inline constexpr const char* kNotCrisisCare = "Peer support is not crisis care.";
inline constexpr const char* kInCrisis = "In crisis?";
inline constexpr const char* kFindHelpline = "Find a helpline";
inline constexpr const char* kQuickExit = "Quick exit";
inline constexpr const char* kTagline = "find peer support";
inline constexpr const char* kFooter = "No cookies, no analytics, nothing from other sites; searches are not saved.";

inline constexpr const char* kSearchLabel = "What kind of support?";
inline constexpr const char* kNearLabel = "City or postal code";
inline constexpr const char* kRadiusLabel = "Within (km)";
inline constexpr const char* kSearchButton = "Search";
inline constexpr const char* kFilters = "Filters";
inline constexpr const char* kApplyFilters = "Apply filters";
inline constexpr const char* kRemove = "remove";
inline constexpr const char* kResults = "Results";
inline constexpr const char* kNoResults =
    "Nothing matched. Try fewer words, remove a filter, or search a wider area. In the US, 211 can also help.";
inline constexpr const char* kNoJsNote =
    "You are using Kindred without JavaScript. Search, filters, listings and printing all work. "
    "Quick exit is then a plain link: it opens Wikipedia in this tab, but Back still returns here and "
    "your searches stay in this tab's history and the address bar. To hide the visit, use a private "
    "window, or delete this site from your browser's History.";
inline constexpr const char* kCrisisTitle = "If you are in crisis, talk to someone now";
inline constexpr const char* kCrisisIntro =
    "Peer support is not crisis care. These lines are free and confidential:";
inline constexpr const char* kCall = "Call";
inline constexpr const char* kText = "Text";
inline constexpr const char* kEmergency = "In an emergency, call ";
inline constexpr const char* kPrevious = "Previous page";
inline constexpr const char* kNext = "Next page";
inline constexpr const char* kBackToResults = "Back to results";
inline constexpr const char* kNewSearch = "New search";
inline constexpr const char* kPrintHint = "To print this, use your browser's Print command.";
inline constexpr const char* kCorrect = "Correct this listing";
inline constexpr const char* kSuggest = "Add or correct a group";
inline constexpr const char* kSources = "Sources";
inline constexpr const char* kStale = "These details were last checked more than a year ago and may be out of date.";
inline constexpr const char* kEnded = "This course has ended: every session is over.";  // issue 17
inline constexpr const char* kBadRequest = "That search could not be run";
inline constexpr const char* kNotFound = "That listing is not here";

// The suggestion form and what follows it.
inline constexpr const char* kSuggestTitle = "Add or correct a group";
inline constexpr const char* kSuggestIntro =
    "Tell us about a peer-support group we are missing, or something wrong in one of our listings. "
    "No account is needed.";
inline constexpr const char* kSuggestNext =
    "What happens next: a volunteer moderator reads every suggestion, checks it with the group or its "
    "sources, and then adds or corrects the listing. Nothing is published straight from this form, and "
    "it can take a few weeks.";
inline constexpr const char* kSuggestPrivacy =
    "We store only what you type here. We keep no address, cookie or other detail about you. Leave the "
    "contact field empty if you do not want to be asked about it.";
inline constexpr const char* kHowToCorrect =
    "This form adds a group we do not list yet. To correct a listing, open it and choose \u201cCorrect this listing\u201d.";
inline constexpr const char* kListingField = "Listing being corrected";
inline constexpr const char* kNameField = "Name of the group";
inline constexpr const char* kDetailsField = "Details";
inline constexpr const char* kDetailsHint =
    "What the group is, who it is for, when and where it meets, how to join. For a correction: what is "
    "wrong and what it should say.";
inline constexpr const char* kWebsiteField = "Website (optional)";
inline constexpr const char* kContactField = "Your email or phone (optional)";
inline constexpr const char* kContactHint = "Only so a moderator can ask you about this suggestion. Never published.";
inline constexpr const char* kSend = "Send suggestion";
inline constexpr const char* kProblems = "Please fix these and send again:";
inline constexpr const char* kThanksTitle = "Thank you: your suggestion is waiting for a moderator";
inline constexpr const char* kThanksNumber = "Its number is ";
inline constexpr const char* kNotEnabled = "Suggestions are not accepted on this server.";

}  // namespace kindred::http::html::say
