// @brief kindred-bench-understand: what reading a query costs before it is searched, in
// microseconds: crisis-phrase matching, and the speller's check and correction.
// Usage: kindred-bench-understand --index INDEX [--rounds N]   (run from the repo root)
// Prints, per part, the mean time per query over a fixed mix of plain, crisis,
// misspelled, identity and non-Latin queries, and the one-off cost of the speller's word
// list for the index (built on the first misspelled query of a generation).
#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include <xapian.h>

#include "core/index/index_snapshot.h"
#include "core/listing/vocabulary.h"
#include "core/search/correction.h"
#include "core/search/crisis.h"

using namespace kindred;

namespace {

const std::vector<std::string> kPlain = {
    "bipolar",          "depression support group", "anxiety ",      "peer support near me",
    "hearing voices",   "grief",                     "veterans ptsd", "online forum for lgbtq youth",
    "recovery college", "bipolar group tuesday evening in spanish"};
const std::vector<std::string> kCrisis = {"suicide", "I want to kill myself", "quiero morir", "envie de mourir",
                                          "self harm tonight"};
const std::vector<std::string> kMisspelt = {"depresion", "anxeity", "bipolr", "schizophrenai", "depresion group"};
const std::vector<std::string> kOther = {"queer", "qeer", "manic depression", "抑郁症", "депрессия"};

template <typename F>
double micros_per(size_t rounds, const std::vector<std::string>& mix, const F& f) {
  auto t0 = std::chrono::steady_clock::now();
  size_t sink = 0;
  for (size_t r = 0; r < rounds; ++r) {
    for (const auto& q : mix) sink += f(q);
  }
  double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
  if (sink == static_cast<size_t>(-1)) std::cout << "";  // keep the work
  return us / static_cast<double>(rounds * mix.size());
}

}  // namespace

int main(int argc, char** argv) {
  std::string index;
  size_t rounds = 200;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--index") index = argv[i + 1];
    else if (a == "--rounds") rounds = std::strtoull(argv[i + 1], nullptr, 10);
  }
  auto vocabulary = Vocabulary::load("data/vocabulary.json");
  auto crisis = CrisisPhrases::load("data/crisis-phrases.json");
  if (index.empty() || !vocabulary || !crisis || rounds == 0) {
    std::cerr << "usage: kindred-bench-understand --index INDEX [--rounds N] (run from the repo root)\n";
    return 1;
  }
  try {
    Xapian::Database db(index);
    Speller speller(*vocabulary);
    auto t0 = std::chrono::steady_clock::now();
    (void)speller.correct("depresion", db, "bench");  // builds the word list once
    double build_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    std::vector<std::string> all;
    for (const auto* part : {&kPlain, &kCrisis, &kMisspelt, &kOther}) all.insert(all.end(), part->begin(), part->end());
    auto match = [&](const std::string& q) { return static_cast<size_t>(crisis->matches(q)); };
    auto correct = [&](const std::string& q) { return speller.correct(q, db, "bench").has_value() ? size_t{1} : 0; };
    std::cout << "index " << index << ": " << db.get_doccount() << " documents; " << crisis->size()
              << " crisis phrases; speller word list built in " << build_ms << " ms (once per generation)\n";
    std::cout << "| part | queries | mean µs per query |\n|---|---:|---:|\n";
    std::cout << "| crisis matching, whole mix | " << all.size() << " | " << micros_per(rounds, all, match) << " |\n";
    std::cout << "| speller, plain queries | " << kPlain.size() << " | " << micros_per(rounds, kPlain, correct) << " |\n";
    std::cout << "| speller, misspelled queries | " << kMisspelt.size() << " | " << micros_per(rounds, kMisspelt, correct)
              << " |\n";
    std::cout << "| crisis + speller, whole mix | " << all.size() << " | "
              << micros_per(rounds, all, [&](const std::string& q) { return match(q) + correct(q); }) << " |\n";
  } catch (const Xapian::Error& e) {
    std::cerr << "kindred-bench-understand: " << e.get_description() << "\n";
    return 1;
  }
  return 0;
}
