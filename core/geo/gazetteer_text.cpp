// @brief Text normalisation (case and Latin accent folding) and fuzzy helpers of the gazetteer.
#include "core/geo/internal/gazetteer_text.h"

#include <algorithm>
#include <cstring>

namespace kindred::gaz {
namespace {

// Base letters of U+00C0..U+00FF; '*' marks the few that fold to two letters or a space.
constexpr char kLatin1[] =
    "aaaaaa*ceeeeiiii"   // C0-CF (C6 = ae)
    "dnooooo*ouuuuy**"   // D0-DF (D7 = x sign, DE = th, DF = ss)
    "aaaaaa*ceeeeiiii"   // E0-EF (E6 = ae)
    "dnooooo*ouuuuy*y";  // F0-FF (F7 = division sign, FE = th)
// Base letters of U+0100..U+017F (Latin Extended-A); '*' = IJ ij OE oe.
constexpr char kLatinExtA[] =
    "aaaaaaccccccccdddd"            // 0100-0111
    "eeeeeeeeeegggggggghhhh"        // 0112-0127
    "iiiiiiiiii**jjkkk"             // 0128-0138
    "llllllllllnnnnnnnnn"           // 0139-014B
    "oooooo**rrrrrrsssssssstttttt"  // 014C-0167
    "uuuuuuuuuuuuwwyyyzzzzzzs";     // 0168-017F
static_assert(sizeof(kLatin1) == 65 && sizeof(kLatinExtA) == 129, "one letter per code point");
// U+1E00..U+1E95 in runs of (letter, count), then U+1EA0..U+1EF9 (Vietnamese).
constexpr struct {
  char letter;
  int count;
} kExtAdditional[] = {{'a', 2},  {'b', 6},  {'c', 2},  {'d', 10}, {'e', 10}, {'f', 2},  {'g', 2},
                      {'h', 10}, {'i', 4},  {'k', 6},  {'l', 8},  {'m', 6},  {'n', 8},  {'o', 8},
                      {'p', 4},  {'r', 8},  {'s', 10}, {'t', 8},  {'u', 10}, {'v', 4},  {'w', 10},
                      {'x', 4},  {'y', 2},  {'z', 6},  {'h', 1},  {'t', 1},  {'w', 1},  {'y', 1},
                      {'a', 1},  {'s', 1},  {'s', 2},  {'*', 1},  {'d', 1},  {'a', 24}, {'e', 16},
                      {'i', 4},  {'o', 24}, {'u', 14}, {'y', 8}};

// The Latin Extended-B letters place names actually use (Vietnamese, Pinyin, Romanian...).
// clang-format off
constexpr struct { char32_t first, last; const char* ascii; } kLatinExtB[] = {
    {0x180, 0x180, "b"}, {0x182, 0x183, "b"}, {0x187, 0x188, "c"}, {0x189, 0x18C, "d"},
    {0x191, 0x192, "f"}, {0x197, 0x197, "i"}, {0x19A, 0x19A, "i"}, {0x19D, 0x19E, "n"},
    {0x19F, 0x1A1, "o"}, {0x1AF, 0x1B0, "u"}, {0x1B5, 0x1B6, "z"}, {0x1CD, 0x1CE, "a"},
    {0x1CF, 0x1D0, "i"}, {0x1D1, 0x1D2, "o"}, {0x1D3, 0x1DC, "u"}, {0x1DE, 0x1DF, "a"},
    {0x1E6, 0x1E7, "g"}, {0x1E8, 0x1E9, "k"}, {0x1EA, 0x1EB, "o"}, {0x1F4, 0x1F5, "g"},
    {0x1F8, 0x1F9, "n"}, {0x1FA, 0x1FB, "a"}, {0x1FC, 0x1FD, "ae"}, {0x1FE, 0x1FF, "o"},
    {0x200, 0x203, "a"}, {0x204, 0x207, "e"}, {0x208, 0x20B, "i"}, {0x20C, 0x20F, "o"},
    {0x210, 0x213, "r"}, {0x214, 0x217, "u"}, {0x218, 0x219, "s"}, {0x21A, 0x21B, "t"}};
// clang-format on

// Folds one code point: appends its ASCII form and returns true, or returns false when the
// code point is not a Latin letter we know (it is then kept as it is).
bool fold_latin(char32_t c, std::string& out) {
  if (c >= 0xC0 && c <= 0xFF) {
    char b = kLatin1[c - 0xC0];
    if (b != '*') {
      out += b;
    } else if (c == 0xC6 || c == 0xE6) {
      out += "ae";
    } else if (c == 0xDE || c == 0xFE) {
      out += "th";
    } else if (c == 0xDF) {
      out += "ss";
    } else {
      out += ' ';  // multiplication and division signs
    }
    return true;
  }
  if (c >= 0x100 && c <= 0x17F) {
    char b = kLatinExtA[c - 0x100];
    if (b != '*')
      out += b;
    else
      out += (c == 0x132 || c == 0x133) ? "ij" : "oe";
    return true;
  }
  if (c >= 0x1E00 && c <= 0x1EF9) {
    char32_t at = c >= 0x1EA0 ? 0x1EA0 : 0x1E00;
    size_t run = c >= 0x1EA0 ? 33 : 0;  // the Vietnamese runs start at index 33
    for (; run < std::size(kExtAdditional); ++run) {
      at += static_cast<char32_t>(kExtAdditional[run].count);
      if (c < at) break;
    }
    if (run >= std::size(kExtAdditional)) return false;
    char b = kExtAdditional[run].letter;
    if (b == '*')
      out += "ss";  // U+1E9E capital sharp s
    else
      out += b;
    return true;
  }
  for (const auto& r : kLatinExtB) {
    if (c >= r.first && c <= r.last) {
      out += r.ascii;
      return true;
    }
  }
  return false;
}

// Decodes one UTF-8 sequence at s[i]; returns the code point (U+FFFD on bad input) and
// advances i.
char32_t next_code_point(std::string_view s, size_t& i) {
  auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char b0 = byte(i);
  int len = b0 < 0x80 ? 1 : (b0 >> 5) == 6 ? 2 : (b0 >> 4) == 14 ? 3 : (b0 >> 3) == 30 ? 4 : 0;
  if (len == 0 || i + static_cast<size_t>(len) > s.size()) return ++i, 0xFFFD;
  char32_t c = len == 1 ? b0 : (b0 & (0xFF >> (len + 1)));
  for (int k = 1; k < len; ++k) {
    unsigned char b = byte(i + static_cast<size_t>(k));
    if ((b & 0xC0) != 0x80) return ++i, 0xFFFD;
    c = (c << 6) | (b & 0x3F);
  }
  i += static_cast<size_t>(len);
  return c;
}

void append_utf8(char32_t c, std::string& out) {
  if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
  }
  out += static_cast<char>(0x80 | (c & 0x3F));
}

bool is_deleted(char32_t c) {  // apostrophes and dots join what they separate
  return c == '\'' || c == '.' || c == '`' || c == 0x2BB || c == 0x2BC || c == 0x2018 ||
         c == 0x2019 || c == 0xB4 || (c >= 0x300 && c <= 0x36F);  // + combining marks
}

}  // namespace

std::string normalize(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  bool pending_space = false;
  auto put = [&](auto&& append) {
    if (pending_space && !out.empty()) out += ' ';
    pending_space = false;
    append();
  };
  for (size_t i = 0; i < text.size();) {
    char32_t c = next_code_point(text, i);
    if (is_deleted(c)) continue;
    if (c < 0x80) {
      char a = static_cast<char>(c);
      if (a >= 'A' && a <= 'Z')
        put([&] { out += static_cast<char>(a - 'A' + 'a'); });
      else if ((a >= 'a' && a <= 'z') || (a >= '0' && a <= '9'))
        put([&] { out += a; });
      else
        pending_space = true;
      continue;
    }
    std::string folded;
    if (fold_latin(c, folded)) {
      if (folded == " ")
        pending_space = true;
      else
        put([&] { out += folded; });
      continue;
    }
    if (c == 0xFFFD || c == 0xA0 || (c >= 0x2000 && c <= 0x206F) || c == 0x3000 || c == 0xFEFF ||
        c < 0xC0) {
      pending_space = true;  // spaces, dashes, general punctuation, Latin-1 symbols
      continue;
    }
    if (c >= 0x410 && c <= 0x42F)
      c += 0x20;  // Cyrillic capitals
    else if (c >= 0x400 && c <= 0x40F)
      c += 0x50;
    else if (c >= 0x391 && c <= 0x3A9)
      c += 0x20;  // Greek capitals
    put([&] { append_utf8(c, out); });
  }
  return out;
}

bool is_ascii(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return (c & 0x80) == 0; });
}

std::string title_case(std::string_view upper) {
  std::string out(upper);
  bool word_start = true;
  for (size_t i = 0; i < out.size(); ++i) {
    char c = out[i];
    bool letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    if (letter) {
      bool upper_here = word_start;
      // "MCMAHONS" -> "McMahons", "O'CONNOR" -> "O'Connor"
      if (i >= 2 && (out[i - 2] == 'M' && out[i - 1] == 'c') &&
          (i < 3 || out[i - 3] == ' ' || out[i - 3] == '-'))
        upper_here = true;
      if (i >= 2 && out[i - 1] == '\'' && out[i - 2] == 'O' && (i < 3 || out[i - 3] == ' '))
        upper_here = true;
      if (upper_here && c >= 'a') out[i] = static_cast<char>(c - 'a' + 'A');
      if (!upper_here && c <= 'Z') out[i] = static_cast<char>(c - 'A' + 'a');
    }
    word_start = c == ' ' || c == '-' || c == '(';
  }
  return out;
}

std::vector<std::string> spelling_variants(std::string_view key) {
  static constexpr std::pair<std::string_view, std::string_view> kPairs[] = {
      {"saint", "st"}, {"sainte", "ste"}, {"mount", "mt"}, {"fort", "ft"}};
  std::vector<std::string> out;
  std::string padded = " " + std::string(key) + " ";
  for (const auto& [a, b] : kPairs) {
    for (int dir = 0; dir < 2; ++dir) {
      std::string from = " " + std::string(dir ? b : a) + " ";
      std::string to = " " + std::string(dir ? a : b) + " ";
      size_t at = padded.find(from);
      if (at == std::string::npos) continue;
      std::string v = padded;
      v.replace(at, from.size(), to);
      out.push_back(v.substr(1, v.size() - 2));
    }
  }
  return out;
}

int edit_distance(std::string_view a, std::string_view b, int max) {
  size_t n = a.size(), m = b.size();
  if ((n > m ? n - m : m - n) > static_cast<size_t>(max)) return max + 1;
  if (m > 63) return max + 1;  // keys are short; never needed
  int prev2[64], prev[64], cur[64];
  for (size_t j = 0; j <= m; ++j) prev[j] = static_cast<int>(j);
  for (size_t i = 1; i <= n; ++i) {
    cur[0] = static_cast<int>(i);
    int row_min = cur[0];
    for (size_t j = 1; j <= m; ++j) {
      int cost = a[i - 1] == b[j - 1] ? 0 : 1;
      int v = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
      if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
        v = std::min(v, prev2[j - 2] + 1);
      cur[j] = v;
      row_min = std::min(row_min, v);
    }
    if (row_min > max) return max + 1;
    std::memcpy(prev2, prev, sizeof(int) * (m + 1));
    std::memcpy(prev, cur, sizeof(int) * (m + 1));
  }
  return std::min(prev[m], max + 1);
}

int typo_budget(size_t key_length) {
  if (key_length < kMinFuzzyKey || key_length > kMaxFuzzyKey) return 0;
  return key_length <= 7 ? 1 : 2;
}

uint32_t fnv32(std::string_view s) {
  uint32_t h = 2166136261u;
  for (char c : s) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return h;
}

std::vector<uint32_t> deletion_hashes(std::string_view key) {
  std::vector<uint32_t> out;
  out.reserve(key.size() + 1);
  out.push_back(fnv32(key));
  std::string v;
  for (size_t i = 0; i < key.size(); ++i) {
    if (i > 0 && key[i] == key[i - 1]) continue;  // deleting either of "ll" gives one string
    v.assign(key.substr(0, i));
    v.append(key.substr(i + 1));
    out.push_back(fnv32(v));
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace kindred::gaz
