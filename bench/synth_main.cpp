// @brief kindred-synth: writes N synthetic listings as JSON Lines (for bench/ only).
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>

#include "bench/synthetic.h"

int main(int argc, char** argv) {
  kindred::bench::SyntheticOptions options;
  std::string out, gazetteer = "var/gazetteer/gazetteer.bin";
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string a = argv[i];
    if (a == "--count") options.count = std::strtoull(argv[i + 1], nullptr, 10);
    else if (a == "--seed") options.seed = std::strtoull(argv[i + 1], nullptr, 10);
    else if (a == "--out") out = argv[i + 1];
    else if (a == "--gazetteer") gazetteer = argv[i + 1];
    else {
      std::cerr << "usage: kindred-synth --count N --seed S --out FILE.jsonl [--gazetteer FILE]\n";
      return 1;
    }
  }
  if (out.empty()) {
    std::cerr << "kindred-synth: --out FILE.jsonl is required\n";
    return 1;
  }
  auto g = kindred::Gazetteer::open(gazetteer);
  if (!g) {
    std::cerr << "kindred-synth: " << g.error().message << "\n";
    return 1;
  }
  std::ofstream file(out, std::ios::trunc);
  uint64_t written = 0;
  kindred::bench::generate(*g, options, [&](const std::string& line) {
    file << line << '\n';
    if (++written % 100000 == 0) std::cerr << "[synth] " << written << " listings\n";
  });
  file.flush();
  if (!file) {
    std::cerr << "kindred-synth: writing " << out << " failed\n";
    return 1;
  }
  std::cerr << "[synth] wrote " << written << " synthetic listings to " << out << "\n";
  return 0;
}
