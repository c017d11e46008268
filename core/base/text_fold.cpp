// @brief Word folding and the bounded edit distance (see text_fold.h).
#include "core/base/text_fold.h"

#include <algorithm>

namespace kindred {
namespace {

// Base letters of U+00C0..U+017F (Latin-1 Supplement letters and Latin Extended-A), in
// code point order; '\0' for the two that are not letters (multiplication and division
// signs). Æ, Œ, ß, Þ and Ð are folded apart, in fold_code_point().
constexpr char kLatin[] =
    "aaaaaaaceeeeiiiidnooooo\0ouuuuyts"   // U+00C0..U+00DF (Æ, Ð, Þ, ß handled apart)
    "aaaaaaaceeeeiiiidnooooo\0ouuuuyty"   // U+00E0..U+00FF
    "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiiijjkkkllllllllllnnnnnnnnnoooooooorrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs";  // U+0100..U+017F

// The folded form of one code point, or "" for a word break.
std::string fold_code_point(char32_t cp) {
  switch (cp) {
    case 0xC6: case 0xE6: return "ae";
    case 0x152: case 0x153: return "oe";
    case 0xDF: return "ss";
    case 0xDE: case 0xFE: return "th";
    case 0xD0: case 0xF0: return "d";
    default: break;
  }
  if (cp >= 0xC0 && cp <= 0x17F) {
    char c = kLatin[cp - 0xC0];
    return c ? std::string(1, c) : std::string();
  }
  return std::string();
}

// Decodes one UTF-8 sequence at `i`; returns its length (0 if invalid).
size_t decode(std::string_view s, size_t i, char32_t& cp) {
  auto b = static_cast<unsigned char>(s[i]);
  size_t n = b < 0x80 ? 1 : (b >> 5) == 0x6 ? 2 : (b >> 4) == 0xE ? 3 : (b >> 3) == 0x1E ? 4 : 0;
  if (n == 0 || i + n > s.size()) return 0;
  cp = n == 1 ? b : n == 2 ? (b & 0x1Fu) : n == 3 ? (b & 0x0Fu) : (b & 0x07u);
  for (size_t k = 1; k < n; ++k) {
    auto c = static_cast<unsigned char>(s[i + k]);
    if ((c >> 6) != 0x2) return 0;
    cp = (cp << 6) | (c & 0x3Fu);
  }
  return n;
}

}  // namespace

std::string fold_accents(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    size_t n = decode(text, i, cp);
    if (n >= 2 && cp >= 0xC0 && cp <= 0x17F) {
      std::string folded = fold_code_point(cp);
      out += folded.empty() ? std::string(text.substr(i, n)) : folded;
    } else {
      out.append(text.substr(i, n == 0 ? 1 : n));
    }
    i += n == 0 ? 1 : n;
  }
  return out;
}

std::vector<std::string> folded_words(std::string_view text) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  for (size_t i = 0; i < text.size();) {
    char32_t cp = 0;
    size_t n = decode(text, i, cp);
    if (n == 0) {  // an invalid byte: a break
      flush();
      ++i;
      continue;
    }
    if (cp == '\'' || cp == 0x2019) {
      // "don't" -> "dont"; a leading or trailing apostrophe is just dropped.
    } else if (cp < 0x80) {
      char c = static_cast<char>(cp);
      if (c >= 'A' && c <= 'Z') {
        word += static_cast<char>(c - 'A' + 'a');
      } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        word += c;
      } else {
        flush();
      }
    } else if (cp >= 0xC0 && cp <= 0x17F) {
      std::string folded = fold_code_point(cp);
      if (folded.empty()) {
        flush();
      } else {
        word += folded;
      }
    } else if (cp < 0xC0 || (cp >= 0x2000 && cp <= 0x206F) || (cp >= 0x3000 && cp <= 0x303F)) {
      // Latin-1 punctuation, general punctuation, CJK punctuation: breaks.
      flush();
    } else {
      word.append(text.substr(i, n));  // other scripts: kept as typed
    }
    i += n;
  }
  flush();
  return words;
}

std::string squeeze_repeats(std::string_view word) {
  std::string out;
  for (size_t i = 0; i < word.size();) {
    size_t j = i;
    while (j < word.size() && word[j] == word[i]) ++j;
    bool letter = word[i] >= 'a' && word[i] <= 'z';
    out.append(letter && j - i >= 3 ? 1 : j - i, word[i]);
    i = j;
  }
  return out;
}

size_t edit_distance(std::string_view a, std::string_view b, size_t limit) {
  size_t la = a.size(), lb = b.size();
  if ((la > lb ? la - lb : lb - la) > limit) return limit + 1;
  // Three rows: the one before the previous is needed for transpositions.
  std::vector<size_t> prev2(lb + 1), prev(lb + 1), cur(lb + 1);
  for (size_t j = 0; j <= lb; ++j) prev[j] = j;
  for (size_t i = 1; i <= la; ++i) {
    cur[0] = i;
    size_t row_min = cur[0];
    for (size_t j = 1; j <= lb; ++j) {
      size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) cur[j] = std::min(cur[j], prev2[j - 2] + 1);
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(prev2, prev);
    std::swap(prev, cur);
  }
  return std::min(prev[lb], limit + 1);
}

bool within_one_edit(std::string_view a, std::string_view b) {
  if (a.size() < b.size()) std::swap(a, b);  // a is the longer
  if (a.size() - b.size() > 1) return false;
  size_t i = 0;
  while (i < b.size() && a[i] == b[i]) ++i;
  if (i == b.size()) return true;  // equal, or a has one more byte at the end
  if (a.size() != b.size()) return a.substr(i + 1) == b.substr(i);  // one byte of a left out
  if (a.substr(i + 1) == b.substr(i + 1)) return true;              // one byte changed
  return i + 1 < a.size() && a[i] == b[i + 1] && a[i + 1] == b[i] && a.substr(i + 2) == b.substr(i + 2);  // a swap
}

}  // namespace kindred
