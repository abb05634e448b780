#!/usr/bin/env bash
# `make test` needs, besides Python: Debian's chromium (the browser tests drive it; a browser build
# is never downloaded) and a CJK font (Chinese pages are measured with real Chinese glyphs, as
# users see them). Installs both through apt when run as root; otherwise says in one line what to
# install and fails. Fast and silent when everything is there.
set -euo pipefail

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

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "make test: installing ${need} (apt-get) for the browser tests" >&2
  export DEBIAN_FRONTEND=noninteractive
  # shellcheck disable=SC2086 # one word per package
  { apt-get update -qq && apt-get install -y -qq --no-install-recommends $need; } >/dev/null \
    || echo "make test: apt-get could not install ${need}" >&2
  need="$(missing)"
  [ -z "$need" ] && exit 0
fi

echo "make test: missing ${need} — install with \`sudo apt-get install ${need}\` (browser tests drive Debian's chromium and measure Chinese pages with a CJK font${FONTCONFIG_FILE:+; fonts are read through FONTCONFIG_FILE=$FONTCONFIG_FILE})" >&2
exit 1
