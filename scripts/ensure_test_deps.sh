#!/usr/bin/env bash
# `make test` needs, besides Python: Debian's chromium (the browser tests drive it; a browser build
# is never downloaded) and a CJK font (Chinese pages are measured with real Chinese glyphs, as
# users see them). Installs both through apt when run as root; otherwise says in one line what to
# install and fails. Fast and silent when everything is there.
set -euo pipefail

# The replica test (tests/core/test_replica.py) makes its own primary and replica clusters with
# initdb (trust, replication included, in a temporary directory): the shared cluster's
# pg_hba.conf is not touched.

have_chromium() { command -v chromium >/dev/null 2>&1; }
have_cjk_font() { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=zh family 2>/dev/null)" ]; }

missing() {
  local need=()
  have_chromium || need+=(chromium)
  command -v fc-list >/dev/null 2>&1 || need+=(fontconfig)
  have_cjk_font || need+=(fonts-noto-cjk)
  echo "${need[@]:-}"
}

need="$(missing)"
[ -z "$need" ] && exit 0

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "ok installed"; }

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  install=()
  for package in $need; do
    # Fonts hidden through FONTCONFIG_FILE stay hidden whatever apt does: only the hint helps.
    if [ "$package" = fonts-noto-cjk ] && [ -n "${FONTCONFIG_FILE:-}" ] && installed "$package"; then
      continue
    fi
    install+=("$package")
  done
  if [ ${#install[@]} -gt 0 ]; then
    echo "make test: installing ${install[*]} (apt-get) for the browser tests" >&2
    export DEBIAN_FRONTEND=noninteractive
    # --reinstall: also brings back a binary removed from an installed package.
    { apt-get update -qq && apt-get install -y -qq --reinstall --no-install-recommends "${install[@]}"; } \
      >/dev/null || echo "make test: apt-get could not install ${install[*]}" >&2
  fi
  need="$(missing)"
  [ -z "$need" ] && exit 0
fi

echo "make test: missing ${need} — install with \`sudo apt-get install ${need}\` (browser tests drive Debian's chromium and measure Chinese pages with a CJK font${FONTCONFIG_FILE:+; fonts are read through FONTCONFIG_FILE=$FONTCONFIG_FILE})" >&2
exit 1
