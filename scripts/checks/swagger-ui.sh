#!/usr/bin/env bash
# Swagger UI in a real headless Chromium (Debian's chromium, driven by npm playwright-core): starts the
# Release build on a free loopback port, checks that the page lists every operation and that "Try it out"
# on POST /v1/scores answers 200 with the documented body, that the Authorize button and the locks show only when
# API keys are on (a second service, keys on), saves screenshots under artifacts/swagger-ui/,
# and stops the service. Closing line: "swagger-ui: N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/../.."
tests/consumers/install.sh
node tests/consumers/swagger-ui.mjs
