#!/usr/bin/env bash
# The README's commands, run as written against the Release build (scripts/test.sh has built it).
# Closing line: "readme: N passed, N failed", one test per command block or transcript.
set -euo pipefail
cd "$(dirname "$0")/../.."
exec scripts/readme.sh
