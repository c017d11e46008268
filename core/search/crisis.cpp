// @brief Loading the crisis-phrase list and matching a query against it (see crisis.h).
#include "core/search/crisis.h"

#include <algorithm>
#include <set>

#include "core/base/json_util.h"
#include "core/base/text_fold.h"

namespace kindred {

struct CrisisPhrases::Impl {
  std::vector<std::vector<std::string>> phrases;  // folded words, distinct
};

namespace {

// Folded and squeezed words: the form both sides are compared in.
std::vector<std::string> crisis_words(std::string_view text) {
  std::vector<std::string> words = folded_words(text);
  for (auto& w : words) w = squeeze_repeats(w);
  return words;
}

// A query word stands for a phrase word when equal, or one edit away from a phrase word
// long enough that one edit cannot turn it into an everyday word.
bool word_matches(const std::string& phrase_word, const std::string& query_word) {
  if (phrase_word == query_word) return true;
  if (phrase_word.size() < 5 || query_word.size() < 4) return false;
  return edit_distance(phrase_word, query_word, 1) <= 1;
}

}  // namespace

CrisisPhrases::CrisisPhrases() : impl_(std::make_shared<Impl>()) {}

Expected<CrisisPhrases> CrisisPhrases::load(const std::string& path) {
  auto text = read_file(path);
  if (!text) return text.error();
  return parse(*text, path);
}

Expected<CrisisPhrases> CrisisPhrases::parse(std::string_view json, const std::string& source_name) {
  rapidjson::Document doc;
  if (Status s = parse_json(json, doc); !s) {
    return make_error(ErrorCode::kCorrupt, source_name + ": " + s.error().message);
  }
  Error error = make_error(ErrorCode::kCorrupt, source_name + ": not a valid crisis-phrase file");
  auto problem = [&](std::string path, std::string message) { error.details.push_back({std::move(path), std::move(message)}); };
  auto impl = std::make_shared<Impl>();
  std::set<std::vector<std::string>> seen;
  if (!doc.IsObject()) {
    problem("", "must be an object");
  } else {
    for (const auto& m : doc.GetObject()) {
      std::string name = m.name.GetString();
      if (name != "format" && name != "about" && name != "languages") problem(name, "unknown key");
    }
    auto format = doc.FindMember("format");
    if (format == doc.MemberEnd() || !format->value.IsString() ||
        std::string(format->value.GetString()) != "kindred-crisis-phrases/1") {
      problem("format", "must be \"kindred-crisis-phrases/1\"");
    }
    auto languages = doc.FindMember("languages");
    if (languages == doc.MemberEnd() || !languages->value.IsArray() || languages->value.Empty()) {
      problem("languages", "must be a non-empty array");
    } else {
      for (rapidjson::SizeType i = 0; i < languages->value.Size(); ++i) {
        const auto& lang = languages->value[i];
        std::string at = path_index("languages", i);
        if (!lang.IsObject()) {
          problem(at, "must be an object");
          continue;
        }
        for (const auto& m : lang.GetObject()) {
          std::string name = m.name.GetString();
          if (name != "language" && name != "phrases") problem(path_join(at, name), "unknown key");
        }
        auto tag = lang.FindMember("language");
        if (tag == lang.MemberEnd() || !tag->value.IsString() || tag->value.GetStringLength() == 0) {
          problem(path_join(at, "language"), "must be a language tag");
        }
        auto list = lang.FindMember("phrases");
        if (list == lang.MemberEnd() || !list->value.IsArray()) {
          problem(path_join(at, "phrases"), "must be an array of phrases");
          continue;
        }
        for (rapidjson::SizeType j = 0; j < list->value.Size(); ++j) {
          std::string phrase_at = path_index(path_join(at, "phrases"), j);
          const auto& p = list->value[j];
          if (!p.IsString()) {
            problem(phrase_at, "must be a string");
            continue;
          }
          auto words = crisis_words(std::string_view(p.GetString(), p.GetStringLength()));
          if (words.empty()) {
            problem(phrase_at, "has no words");
          } else if (seen.insert(words).second) {
            impl->phrases.push_back(std::move(words));
          }
        }
      }
    }
  }
  if (!error.details.empty()) return error;
  CrisisPhrases out;
  out.impl_ = std::move(impl);
  return out;
}

bool CrisisPhrases::matches(std::string_view query) const {
  if (impl_->phrases.empty()) return false;
  const std::vector<std::string> words = crisis_words(query);
  for (const auto& phrase : impl_->phrases) {
    if (phrase.size() > words.size()) continue;
    for (size_t start = 0; start + phrase.size() <= words.size(); ++start) {
      size_t k = 0;
      while (k < phrase.size() && word_matches(phrase[k], words[start + k])) ++k;
      if (k == phrase.size()) return true;
    }
  }
  return false;
}

size_t CrisisPhrases::size() const { return impl_->phrases.size(); }

}  // namespace kindred
