// @brief Loads and strictly validates data/vocabulary.json, then indexes it for lookups.
#include "core/listing/vocabulary.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <set>
#include <unordered_map>
#include <utility>

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>

#include "core/listing/internal/vocabulary_check.h"

namespace kindred {
namespace {

using vocabulary_internal::ascii_lower;

// Open facets hold BCP-47 tags, which are case-insensitive ("fr-CA" == "fr-ca"); closed
// facets are exact. One stateful hash/equality pair serves both, so every facet's index
// is the same map type.
struct ValueKeyHash {
  bool fold = false;
  std::size_t operator()(std::string_view s) const {
    if (!fold) return std::hash<std::string_view>{}(s);
    std::uint64_t h = 14695981039346656037ULL;  // FNV-1a
    for (char c : s) {
      h ^= static_cast<unsigned char>(ascii_lower(c));
      h *= 1099511628211ULL;
    }
    return static_cast<std::size_t>(h);
  }
};

struct ValueKeyEq {
  bool fold = false;
  bool operator()(std::string_view a, std::string_view b) const {
    if (!fold) return a == b;
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
      if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    }
    return true;
  }
};

// Keys are views into the owning Impl's strings, which never move once indexed.
using ValueIndex = std::unordered_map<std::string_view, std::size_t, ValueKeyHash, ValueKeyEq>;

std::string line_and_column(std::string_view text, std::size_t offset) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return "line " + std::to_string(line) + ", column " + std::to_string(column);
}

Error corrupt(const std::string& source_name, std::vector<Problem> problems) {
  std::string message = source_name + ": not a valid vocabulary: " +
                        (problems[0].path.empty() ? "" : problems[0].path + ": ") +
                        problems[0].message;
  if (problems.size() > 1) {
    message += " (and " + std::to_string(problems.size() - 1) + " more problem" +
               (problems.size() > 2 ? "s" : "") + ")";
  }
  return Error{ErrorCode::kCorrupt, std::move(message), std::move(problems)};
}

}  // namespace

// ---- Vocabulary -----------------------------------------------------------------------

struct Vocabulary::Impl {
  Impl() = default;
  Impl(const Impl&) = delete;  // the indexes hold views into `facets`
  Impl& operator=(const Impl&) = delete;

  std::vector<Facet> facets;
  std::vector<SynonymEntry> synonyms;
  std::unordered_map<std::string_view, std::size_t> facet_index;
  std::vector<ValueIndex> value_index;  // parallel to facets
};

Vocabulary::Vocabulary() : impl_(std::make_shared<const Impl>()) {}

Vocabulary::Vocabulary(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

Expected<Vocabulary> Vocabulary::load(const std::string& path) {
  try {
    std::error_code ec;
    std::filesystem::file_status status = std::filesystem::status(path, ec);
    if (status.type() == std::filesystem::file_type::not_found) {
      return make_error(ErrorCode::kNotFound, path + ": no such file");
    }
    if (std::filesystem::is_directory(status)) {
      return make_error(ErrorCode::kIo, path + ": is a directory, not a vocabulary file");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) return make_error(ErrorCode::kIo, path + ": cannot open: " + std::strerror(errno));
    std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    if (in.bad())
      return make_error(ErrorCode::kIo, path + ": cannot read: " + std::strerror(errno));
    return parse(text, path);
  } catch (const std::exception& e) {
    return make_error(ErrorCode::kInternal, path + ": " + e.what());
  }
}

Expected<Vocabulary> Vocabulary::parse(std::string_view json, const std::string& source_name) {
  try {
    // RapidJSON reads a NUL as the end of input and would ignore whatever follows it.
    if (std::size_t nul = json.find('\0'); nul != std::string_view::npos) {
      return corrupt(source_name,
                     {{"", "not valid JSON: a NUL byte at " + line_and_column(json, nul)}});
    }
    rapidjson::Document doc;
    // Iterative: nesting depth must not be able to exhaust the stack.
    doc.Parse<rapidjson::kParseValidateEncodingFlag | rapidjson::kParseIterativeFlag>(json.data(),
                                                                                      json.size());
    if (doc.HasParseError()) {
      return corrupt(
          source_name,
          {{"", std::string("not valid JSON: ") + rapidjson::GetParseError_En(doc.GetParseError()) +
                    " (" + line_and_column(json, doc.GetErrorOffset()) + ")"}});
    }
    std::vector<Problem> problems;
    std::vector<Facet> facets = vocabulary_internal::read_vocabulary(doc, problems);
    if (!problems.empty()) return corrupt(source_name, std::move(problems));

    auto impl = std::make_shared<Impl>();
    impl->facets = std::move(facets);
    for (std::size_t i = 0; i < impl->facets.size(); ++i) {
      const Facet& f = impl->facets[i];
      impl->facet_index.emplace(f.name, i);
      bool fold = !f.closed;
      ValueIndex index(f.values.size(), ValueKeyHash{fold}, ValueKeyEq{fold});
      for (std::size_t j = 0; j < f.values.size(); ++j) {
        index.emplace(f.values[j].value, j);
        for (const std::string& phrase : f.values[j].synonyms) {
          impl->synonyms.push_back({phrase, f.name, f.values[j].value});
        }
      }
      impl->value_index.push_back(std::move(index));
    }
    return Vocabulary(std::move(impl));
  } catch (const std::exception& e) {
    return make_error(ErrorCode::kInternal, source_name + ": " + e.what());
  }
}

const std::vector<Facet>& Vocabulary::facets() const {
  return impl_->facets;
}

const Facet* Vocabulary::facet(std::string_view name) const {
  auto it = impl_->facet_index.find(name);
  return it == impl_->facet_index.end() ? nullptr : &impl_->facets[it->second];
}

const VocabularyValue* Vocabulary::find(std::string_view facet, std::string_view value) const {
  auto f = impl_->facet_index.find(facet);
  if (f == impl_->facet_index.end()) return nullptr;
  const ValueIndex& index = impl_->value_index[f->second];
  auto v = index.find(value);
  return v == index.end() ? nullptr : &impl_->facets[f->second].values[v->second];
}

bool Vocabulary::contains(std::string_view facet, std::string_view value) const {
  return find(facet, value) != nullptr;
}

std::string Vocabulary::label(std::string_view facet, std::string_view value) const {
  const VocabularyValue* v = find(facet, value);
  return v == nullptr ? std::string(value) : v->label;
}

namespace {
const std::string& in_language(const std::string& english, const std::map<std::string, std::string>& labels,
                               const std::string& language) {
  auto it = labels.find(language);
  return it == labels.end() ? english : it->second;
}
}  // namespace

std::string Vocabulary::label(std::string_view facet, std::string_view value, const std::string& language) const {
  const VocabularyValue* v = find(facet, value);
  return v == nullptr ? std::string(value) : in_language(v->label, v->labels, language);
}

std::string Vocabulary::facet_label(std::string_view name, const std::string& language) const {
  const Facet* f = facet(name);
  return f == nullptr ? std::string(name) : in_language(f->label, f->labels, language);
}

const std::vector<Vocabulary::SynonymEntry>& Vocabulary::synonyms() const {
  return impl_->synonyms;
}

}  // namespace kindred
