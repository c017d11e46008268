// @brief Loading the crisis-phrase list and matching a query against it (see crisis.h).
#include "core/search/crisis.h"

#include <algorithm>
#include <cstdint>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "core/base/json_util.h"
#include "core/base/text_fold.h"

namespace kindred {

// Phrases are kept as numbers of their distinct words, so that a query word is compared
// with each distinct word once (the shipped list's 398 phrases have 414), not once per
// phrase and position: tried that way, a 9-word query took 60 µs to match, now 7 µs.
struct CrisisPhrases::Impl {
  std::vector<std::string> words;                       // distinct folded phrase words
  std::unordered_map<std::string, uint32_t> word_id;    // words[i] -> i
  std::vector<uint32_t> fuzzy;                          // ids of words of 5 letters or more
  std::vector<std::vector<uint32_t>> phrases;           // word ids, distinct phrases
  std::vector<std::vector<uint32_t>> starting_with;     // by word id: phrases it begins
  std::unordered_set<std::string> everyday;             // query words never read as a typo

  void add(const std::vector<std::string>& folded) {
    std::vector<uint32_t> ids;
    for (const auto& w : folded) {
      auto [it, added] = word_id.emplace(w, static_cast<uint32_t>(words.size()));
      if (added) {
        words.push_back(w);
        starting_with.emplace_back();
        if (w.size() >= 5) fuzzy.push_back(it->second);
      }
      ids.push_back(it->second);
    }
    starting_with[ids[0]].push_back(static_cast<uint32_t>(phrases.size()));
    phrases.push_back(std::move(ids));
  }

  // The phrase words a query word stands for, as a bitmap over the word ids: the word
  // itself, and any phrase word long enough (5 letters or more) that one edit seldom turns
  // it into an everyday word, when the query word (4 letters or more) is one edit from it
  // and is not one of the everyday words the list names ("putting" is not "cutting").
  std::vector<uint64_t> matched_by(const std::string& query_word) const {
    std::vector<uint64_t> bits((words.size() + 63) / 64, 0);
    auto set = [&](uint32_t id) { bits[id / 64] |= uint64_t{1} << (id % 64); };
    if (auto it = word_id.find(query_word); it != word_id.end()) set(it->second);
    if (query_word.size() >= 4 && everyday.count(query_word) == 0) {
      for (uint32_t id : fuzzy) {
        if (within_one_edit(words[id], query_word)) set(id);
      }
    }
    return bits;
  }
};

namespace {

// Folded and squeezed words: the form both sides are compared in.
std::vector<std::string> crisis_words(std::string_view text) {
  std::vector<std::string> words = folded_words(text);
  for (auto& w : words) w = squeeze_repeats(w);
  return words;
}

bool has(const std::vector<uint64_t>& bits, uint32_t id) { return (bits[id / 64] >> (id % 64)) & 1; }

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
          if (name != "language" && name != "phrases" && name != "everyday_words") {
            problem(path_join(at, name), "unknown key");
          }
        }
        auto tag = lang.FindMember("language");
        if (tag == lang.MemberEnd() || !tag->value.IsString() || tag->value.GetStringLength() == 0) {
          problem(path_join(at, "language"), "must be a language tag");
        }
        if (auto everyday = lang.FindMember("everyday_words"); everyday != lang.MemberEnd()) {
          const std::string list_at = path_join(at, "everyday_words");
          if (!everyday->value.IsArray()) {
            problem(list_at, "must be an array of words");
          } else {
            for (rapidjson::SizeType j = 0; j < everyday->value.Size(); ++j) {
              const auto& w = everyday->value[j];
              auto words = w.IsString() ? crisis_words(std::string_view(w.GetString(), w.GetStringLength()))
                                        : std::vector<std::string>{};
              if (words.size() != 1) {
                problem(path_index(list_at, j), "must be one word");
              } else {
                impl->everyday.insert(std::move(words[0]));
              }
            }
          }
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
            impl->add(words);
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
  const Impl& impl = *impl_;
  if (impl.phrases.empty()) return false;
  const std::vector<std::string> words = crisis_words(query);
  std::vector<std::vector<uint64_t>> matched;  // by query position: the phrase words it stands for
  matched.reserve(words.size());
  for (const auto& w : words) matched.push_back(impl.matched_by(w));
  // A phrase matches where its first word does and each next word stands at the next position.
  for (size_t start = 0; start < words.size(); ++start) {
    for (size_t block = 0; block < matched[start].size(); ++block) {
      for (uint64_t b = matched[start][block]; b != 0; b &= b - 1) {
        const auto first = static_cast<uint32_t>(block * 64 + static_cast<size_t>(__builtin_ctzll(b)));
        for (uint32_t p : impl.starting_with[first]) {
          const std::vector<uint32_t>& phrase = impl.phrases[p];
          if (start + phrase.size() > words.size()) continue;
          size_t k = 1;
          while (k < phrase.size() && has(matched[start + k], phrase[k])) ++k;
          if (k == phrase.size()) return true;
        }
      }
    }
  }
  return false;
}

size_t CrisisPhrases::size() const { return impl_->phrases.size(); }

}  // namespace kindred
