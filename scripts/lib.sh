# @brief Shared helpers for the set-up, run and test scripts (sourced, not run).
# Everything here is idempotent: it checks before it installs or builds.

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build_dir="$repo_root/build"
export DEBIAN_FRONTEND=noninteractive

step() { echo; echo "==> $*"; }
die() { echo "error: $*" >&2; exit 1; }

# Runs a command as root: directly when we are root, else through sudo.
as_root() {
  if [[ $(id -u) == 0 ]]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root to run: $* (run as root or install sudo)"; fi
}

# Installs the Debian packages that are not installed yet; apt-get update only if needed.
apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  if ((${#missing[@]} == 0)); then
    echo "all $# Debian packages present"
    return
  fi
  echo "installing ${#missing[@]} Debian packages: ${missing[*]}"
  as_root apt-get update -q
  as_root apt-get install -y -q --no-install-recommends "${missing[@]}"
}

# Node and npm: keep a preinstalled npm (development machines have Node 20 / npm 11);
# on a fresh Debian 12 take Debian's nodejs and npm.
ensure_npm() {
  if command -v npm >/dev/null 2>&1 && command -v node >/dev/null 2>&1; then
    echo "node $(node --version), npm $(npm --version) present"
  else
    apt_install nodejs npm
  fi
}

readonly KINDRED_BUILD_PACKAGES=(
  g++ cmake make pkg-config ca-certificates tzdata
  libxapian-dev libpistache-dev rapidjson-dev catch2 libcurl4-openssl-dev
  libhowardhinnant-date-dev libsqlite3-dev libssl-dev libpq-dev zlib1g-dev libbrotli-dev libjemalloc-dev
)

# Test-only packages: the browser that tests/browser drives, zip for the tests that build
# HSDS packages, python3-icalendar that reads a course's .ics back (tests/courses_test.cpp),
# and for the cluster tests (tests/cluster_*) Xapian's replication tools, nginx and
# systemd-analyze (scripts/run never installs them).
readonly KINDRED_TEST_PACKAGES=(chromium fonts-dejavu-core zip python3-icalendar xapian-tools nginx-light systemd)

# The tests' own Debian packages (called by scripts/test only).
kindred_test_packages() {
  step "Debian packages for the browser and cluster tests"
  apt_install "${KINDRED_TEST_PACKAGES[@]}"
}

# Debian packages, the gazetteer sources, the build, and the compiled gazetteer.
kindred_setup() {
  step "Debian packages"
  apt_install "${KINDRED_BUILD_PACKAGES[@]}"
  ensure_npm

  step "Gazetteer sources (npm registry, pinned by version and sha256)"
  "$repo_root/scripts/fetch-gazetteer"

  step "Build (cmake, $(nproc) jobs)"
  cmake -S "$repo_root" -B "$build_dir" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$build_dir" -j "$(nproc)"

  step "Gazetteer"
  local bin="$repo_root/var/gazetteer/gazetteer.bin"
  local stamp="$repo_root/var/gazetteer/gazetteer.bin.stamp"
  local want
  want="$(cat "$repo_root/data/gazetteer/sources.json" "$repo_root"/data/gazetteer/*.tsv 2>/dev/null \
          | sha256sum | cut -d' ' -f1)-$(sha256sum "$build_dir/indexer/kindred-index" | cut -d' ' -f1)"
  if [[ -f "$bin" && -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
    echo "gazetteer is up to date ($bin)"
  else
    "$build_dir/indexer/kindred-index" gazetteer --src "$repo_root/var/gazetteer/src" --out "$bin"
    echo "$want" > "$stamp"
  fi
}
