// @brief `kindred-index check-links --index INDEX --out FILE`: checks every listing's
// contact and organisation URL and writes the verdicts (link_check.h) as JSON, which
// `kindred-serve --link-status FILE` shows beside each listing.
#pragma once

namespace kindred::links {

// Options: --parallel N (8), --delay-ms N per host (1000), --timeout-ms N (15000).
// Exit 0 when every link is ok, 2 when some are not (the file is written either way),
// 1 when the index cannot be read or the file cannot be written.
int run_check_links_command(int argc, char** argv);

}  // namespace kindred::links
