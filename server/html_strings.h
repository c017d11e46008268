// @brief Every sentence the server-rendered page says (server/html_page.h), in one place,
// so wording is reviewed and changed here. Plain text: the renderer escapes it.
//
// Each is a Key: the id its translations use in web/i18n/nojs.<lang>.json, and its English.
// This file IS the English catalog (there is no nojs.en.json): a language's catalog that
// lacks an id says the English here, never the id (server/html_words.h).
#pragma once

namespace kindred::http::html {

// One sentence: `id` names it in the catalogs, `en` is its English.
struct Key {
  const char* id;
  const char* en;
};

}  // namespace kindred::http::html

namespace kindred::http::html::say {

using kindred::http::html::Key;

// The frame of a page of its own (the suggestion form), as web/index.html words it.
inline constexpr Key kNotCrisisCare{"not_crisis_care", "Peer support is not crisis care."};
inline constexpr Key kInCrisis{"in_crisis", "In crisis?"};
inline constexpr Key kFindHelpline{"find_helpline", "Find a helpline"};
inline constexpr Key kQuickExit{"quick_exit", "Quick exit"};
inline constexpr Key kTagline{"tagline", "find peer support"};
inline constexpr Key kFooter{"footer", "No cookies, no analytics, nothing from other sites; searches are not saved."};

inline constexpr Key kSearchLabel{"search_label", "What kind of support?"};
inline constexpr Key kNearLabel{"near_label", "City or postal code"};
inline constexpr Key kRadiusLabel{"radius_label", "Within (km)"};
inline constexpr Key kSearchButton{"search_button", "Search"};
inline constexpr Key kFilters{"filters", "Filters"};
inline constexpr Key kApplyFilters{"apply_filters", "Apply filters"};
inline constexpr Key kRemove{"remove", "remove"};
inline constexpr Key kResults{"results", "Results"};
inline constexpr Key kNoResults{"no_results", "Nothing matched. Try fewer words, remove a filter, or search a wider area. In the US, 211 can also help."};
inline constexpr Key kNoJsNote{"no_js_note", "You are using Kindred without JavaScript. Search, filters, listings and printing all work. "
    "Quick exit is then a plain link: it opens Wikipedia in this tab, but Back still returns here and "
    "your searches stay in this tab's history and the address bar. To hide the visit, use a private "
    "window, or delete this site from your browser's History."};
// web/index.html's help line for a browser without scripts (safety.js writes it from
// crisis-lines.json otherwise); the same facts as the template's text.
inline constexpr Key kHelpLine{"help_line",
    "Peer support is not crisis care. In the US or Canada call or text 988; UK and Ireland Samaritans 116 123; "
    "Australia Lifeline 13 11 14."};
inline constexpr Key kCrisisTitle{"crisis_title", "If you are in crisis, talk to someone now"};
// Between a name and what it points to ("Find A Helpline: findahelpline.com"): French sets
// the colon off with a space.
inline constexpr Key kColon{"colon", ": "};
inline constexpr Key kCrisisIntro{"crisis_intro", "Peer support is not crisis care. These lines are free and confidential:"};
inline constexpr Key kCall{"call", "Call"};
inline constexpr Key kText{"text", "Text"};
inline constexpr Key kEmergency{"emergency", "In an emergency, call "};
inline constexpr Key kPrevious{"previous", "Previous page"};
inline constexpr Key kNext{"next", "Next page"};
inline constexpr Key kBackToResults{"back_to_results", "Back to results"};
inline constexpr Key kNewSearch{"new_search", "New search"};
inline constexpr Key kPrintHint{"print_hint", "To print this, use your browser's Print command."};
inline constexpr Key kCorrect{"correct", "Correct this listing"};
inline constexpr Key kSuggest{"suggest", "Add or correct a group"};
inline constexpr Key kSources{"sources", "Sources"};
inline constexpr Key kStale{"stale", "These details were last checked more than a year ago and may be out of date."};
inline constexpr Key kEnded{"ended", "This course has ended: every session is over."};  // issue 17
inline constexpr Key kBadRequest{"bad_request", "That search could not be run"};
inline constexpr Key kNotFound{"not_found", "That listing is not here"};

// The suggestion form and what follows it.
inline constexpr Key kSuggestTitle{"suggest_title", "Add or correct a group"};
inline constexpr Key kSuggestIntro{"suggest_intro", "Tell us about a peer-support group we are missing, or something wrong in one of our listings. "
    "No account is needed."};
inline constexpr Key kSuggestNext{"suggest_next", "What happens next: a volunteer moderator reads every suggestion, checks it with the group or its "
    "sources, and then adds or corrects the listing. Nothing is published straight from this form, and "
    "it can take a few weeks."};
inline constexpr Key kSuggestPrivacy{"suggest_privacy", "We store only what you type here. We keep no address, cookie or other detail about you. Leave the "
    "contact field empty if you do not want to be asked about it."};
inline constexpr Key kHowToCorrect{"how_to_correct", "This form adds a group we do not list yet. To correct a listing, open it and choose \u201cCorrect this listing\u201d."};
inline constexpr Key kListingField{"listing_field", "Listing being corrected"};
inline constexpr Key kNameField{"name_field", "Name of the group"};
inline constexpr Key kDetailsField{"details_field", "Details"};
inline constexpr Key kDetailsHint{"details_hint", "What the group is, who it is for, when and where it meets, how to join. For a correction: what is "
    "wrong and what it should say."};
inline constexpr Key kWebsiteField{"website_field", "Website (optional)"};
inline constexpr Key kContactField{"contact_field", "Your email or phone (optional)"};
inline constexpr Key kContactHint{"contact_hint", "Only so a moderator can ask you about this suggestion. Never published."};
inline constexpr Key kSend{"send", "Send suggestion"};
inline constexpr Key kProblems{"problems", "Please fix these and send again:"};
inline constexpr Key kThanksTitle{"thanks_title", "Thank you: your suggestion is waiting for a moderator"};
inline constexpr Key kThanksNumber{"thanks_number", "Its number is "};
inline constexpr Key kNotEnabled{"not_enabled", "Suggestions are not accepted on this server."};

// Counted and composed sentences ({n}, {page}, {pages} are filled in by the renderer).
inline constexpr Key kResultsOne{"results_one", "{n} result"};
inline constexpr Key kResultsOther{"results_other", "{n} results"};
inline constexpr Key kFor{"for", "for"};
inline constexpr Key kWithSomeWordsOf{"with_some_words_of", "with some words of"};
inline constexpr Key kNear{"near", "near"};
inline constexpr Key kPage{"page", "Page"};
inline constexpr Key kOf{"of", "of"};
inline constexpr Key kResultPages{"result_pages", "Result pages"};
inline constexpr Key kKmAway{"km_away", "km away"};
inline constexpr Key kServesYourArea{"serves_your_area", "serves your area"};
inline constexpr Key kNextMeeting{"next_meeting", "Next:"};
inline constexpr Key kPaused{"paused", "Paused for now"};
inline constexpr Key kLanguageSwitch{"language_switch", "Language"};

// The listing's facts, one row each.
inline constexpr Key kRowWhat{"row_what", "What"};
inline constexpr Key kRowFor{"row_for", "For"};
inline constexpr Key kEveryone{"everyone", "Everyone"};
inline constexpr Key kRowReferral{"row_referral", "Referral"};
inline constexpr Key kNeedsReferral{"needs_referral", "Needs a referral"};
inline constexpr Key kRowHow{"row_how", "How"};
inline constexpr Key kRowAddress{"row_address", "Address"};
inline constexpr Key kRowWhen{"row_when", "When"};
inline constexpr Key kRowNext{"row_next", "Next"};
inline constexpr Key kRowCost{"row_cost", "Cost"};
inline constexpr Key kRowLanguage{"row_language", "Language"};
inline constexpr Key kRowLedBy{"row_led_by", "Led by"};
inline constexpr Key kRowRunBy{"row_run_by", "Run by"};
inline constexpr Key kRowStatus{"row_status", "Status"};
inline constexpr Key kRowWebsite{"row_website", "Website"};
inline constexpr Key kRowPhone{"row_phone", "Phone"};
inline constexpr Key kRowEmail{"row_email", "Email"};
inline constexpr Key kRowHowToJoin{"row_how_to_join", "How to join"};
inline constexpr Key kRowVerified{"row_verified", "Verified"};
inline constexpr Key kAddToCalendar{"add_to_calendar", "Add to calendar (.ics)"};

}  // namespace kindred::http::html::say
