// @brief kindred-serve: placeholder until the search API lands (its own issue). It
// checks that the index opens and says so, so scripts/run ends honestly.
#include <iostream>
#include <string>

#include "core/index_store.h"

int main(int argc, char** argv) {
  std::string index = "var/index";
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--index") index = argv[i + 1];
  }
  auto db = kindred::IndexStore::open(index);
  if (!db) {
    std::cerr << "kindred-serve: " << db.error().message << "\n";
    return 1;
  }
  std::cout << "kindred-serve: index " << index << " holds " << db->get_doccount()
            << " listings; the HTTP server is not part of this build yet\n";
  return 0;
}
