#!/usr/bin/env bash
# Installs the Debian 12 packages Proofdesk needs that are missing, and nothing else.
# usage: packaging/install-deps.sh [build|test|bench|screenshot|fuzz]...   (default: build)
# Runs apt-get as root, or through sudo. Quick and silent when everything is there.
set -euo pipefail

build=(cmake ninja-build ccache g++ pkg-config
       qt6-base-dev qt6-base-dev-tools qt6-image-formats-plugins qt6-svg-dev qtkeychain-qt6-dev
       libsqlite3-dev libturbojpeg0-dev libjpeg62-turbo-dev libopenjp2-7-dev
       libexiv2-dev liblcms2-dev libssl-dev libpq-dev libboost1.81-dev libcurl4-openssl-dev
       fonts-dejavu-core)
test=(catch2 sqlite3 libjpeg-turbo-progs postgresql openssl chromium nodejs npm dbus-daemon dbus-bin gnome-keyring)
screenshot=(xvfb xauth)
fuzz=(clang libclang-rt-14-dev)
bench=(libvips-tools libjpeg-turbo-progs gcc time wrk nginx python3 curl)

want=()
for set in "${@:-build}"; do
  case $set in
    build) want+=("${build[@]}") ;;
    test) want+=("${build[@]}" "${test[@]}") ;;
    bench) want+=("${build[@]}" "${bench[@]}") ;;
    screenshot) want+=("${build[@]}" "${screenshot[@]}") ;;
    fuzz) want+=("${build[@]}" "${fuzz[@]}") ;;
    *) echo "install-deps: unknown set '$set' (build, test, bench, screenshot, fuzz)" >&2; exit 2 ;;
  esac
done

missing=()
# Provided counts as installed: NodeSource's nodejs provides (and conflicts with) Debian's npm.
provided=$(dpkg-query -W -f='${Status}|${Provides}\n' 2>/dev/null | sed -n 's/^install ok installed|//p')
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
    grep -Eq "(^|, )$p( |,|$)" <<<"$provided" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
if [ "$(id -u)" -eq 0 ]; then sudo=(); elif command -v sudo >/dev/null; then sudo=(sudo); else
  echo "install-deps: need root or sudo to install: ${missing[*]}" >&2; exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
