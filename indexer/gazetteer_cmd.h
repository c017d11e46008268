// @brief `kindred-index gazetteer` (compile the gazetteer) and `kindred-index place` (try it).
#pragma once

namespace kindred {

// argv[0] is the program, argv[1] the subcommand ("gazetteer" or "place"):
//   gazetteer [--src DIR] [--out FILE]   defaults var/gazetteer/src, var/gazetteer/gazetteer.bin
//   place [--gazetteer FILE] [--limit N] TEXT...   ranked candidates for each TEXT
// Progress on stderr, results on stdout. Returns the exit code: 0 ok, 1 failure or bad usage.
int run_gazetteer_command(int argc, char** argv);

}  // namespace kindred
