// @brief Own text language, translations and answer languages (see translation.h).
#include "core/listing/translation.h"

#include <algorithm>

namespace kindred {

const std::vector<std::string>& translatable_fields() {
  static const std::vector<std::string> kFields = {"name", "description", "schedule_note", "cost_note",
                                                   "eligibility"};
  return kFields;
}

const std::vector<std::string>& answer_languages() {
  static const std::vector<std::string> kLanguages = {"en", "es", "fr"};
  return kLanguages;
}

bool is_primary_language_tag(std::string_view tag) {
  if (tag.size() < 2 || tag.size() > 3) return false;
  return std::all_of(tag.begin(), tag.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

std::string primary_language(std::string_view tag) {
  std::string out(tag.substr(0, tag.find('-')));
  for (char& c : out) c = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  return out;
}

std::string answer_language(std::string_view lang) {
  const auto& all = answer_languages();
  return std::find(all.begin(), all.end(), lang) != all.end() ? std::string(lang) : std::string("en");
}

std::string own_text_language(const std::vector<std::string>& languages) {
  if (languages.empty()) return "en";
  std::string primary = primary_language(languages.front());
  return primary.empty() ? "en" : primary;
}

std::string stemmer_name(std::string_view language) {
  if (language == "en") return "english";
  if (language == "es") return "spanish";
  if (language == "fr") return "french";
  return "";
}

std::map<std::string, ListingText> read_translations(const rapidjson::Value& listing) {
  std::map<std::string, ListingText> out;
  if (!listing.IsObject()) return out;
  auto it = listing.FindMember("translations");
  if (it == listing.MemberEnd() || !it->value.IsObject()) return out;
  for (const auto& lang : it->value.GetObject()) {
    if (!lang.value.IsObject()) continue;
    ListingText text;
    for (const auto& field : lang.value.GetObject()) {
      if (field.value.IsString()) text[field.name.GetString()] = field.value.GetString();
    }
    if (!text.empty()) out[lang.name.GetString()] = std::move(text);
  }
  return out;
}

namespace {

std::vector<std::string> languages_of(const rapidjson::Value& listing) {
  std::vector<std::string> out;
  auto it = listing.FindMember("languages");
  if (it == listing.MemberEnd() || !it->value.IsArray()) return out;
  for (const auto& v : it->value.GetArray()) {
    if (v.IsString()) out.emplace_back(v.GetString());
  }
  return out;
}

const rapidjson::Value* translation_in(const rapidjson::Value& listing, std::string_view language) {
  auto it = listing.FindMember("translations");
  if (it == listing.MemberEnd() || !it->value.IsObject()) return nullptr;
  for (const auto& m : it->value.GetObject()) {
    if (std::string_view(m.name.GetString(), m.name.GetStringLength()) == language && m.value.IsObject()) {
      return &m.value;
    }
  }
  return nullptr;
}

}  // namespace

std::string shown_text_language(const rapidjson::Value& listing, std::string_view lang) {
  if (!listing.IsObject()) return "en";
  std::string own = own_text_language(languages_of(listing));
  if (lang.empty() || own == lang) return own;
  return translation_in(listing, lang) ? std::string(lang) : own;
}

void show_in_language(rapidjson::Value& listing, std::string_view language,
                      rapidjson::Document::AllocatorType& alloc) {
  if (!listing.IsObject()) return;
  const rapidjson::Value* t = translation_in(listing, language);
  if (!t) return;
  // Copied first: writing into `listing` may move the members `t` points into.
  std::vector<std::pair<std::string, std::string>> fields;
  for (const auto& m : t->GetObject()) {
    if (m.value.IsString()) fields.emplace_back(m.name.GetString(), m.value.GetString());
  }
  for (const auto& [name, text] : fields) {
    rapidjson::Value v(text.c_str(), static_cast<rapidjson::SizeType>(text.size()), alloc);
    auto it = listing.FindMember(name.c_str());
    if (it != listing.MemberEnd()) {
      it->value = v;
    } else {
      listing.AddMember(rapidjson::Value(name.c_str(), static_cast<rapidjson::SizeType>(name.size()), alloc), v,
                        alloc);
    }
  }
}

}  // namespace kindred
