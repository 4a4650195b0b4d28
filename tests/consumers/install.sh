#!/usr/bin/env bash
# Installs the checks' npm packages exactly as package-lock.json pins them (npm ci), once per lock file:
# a stamp beside node_modules records which lock was installed. Install scripts are not run (none is needed,
# and one dependency's would report usage to a third party).
set -euo pipefail
cd "$(dirname "$0")"
stamp=node_modules/.installed-lock.sha256
want=$(sha256sum package-lock.json | cut -d' ' -f1)
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  exit 0
fi
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
echo "$want" >"$stamp"
