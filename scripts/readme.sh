#!/usr/bin/env bash
# Runs the README's command blocks against a started service and compares their output with the README:
#   scripts/readme.sh            check (part of scripts/test.sh, through scripts/checks/readme.sh)
#   scripts/readme.sh --update   rewrite the README's output blocks from what the commands print now
# The conventions (which blocks run, how output is compared and masked) are in scripts/readme.py.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 scripts/readme.py "$@"
