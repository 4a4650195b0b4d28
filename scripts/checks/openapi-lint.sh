#!/usr/bin/env bash
# Lints the committed contract openapi/readiness-api.v1.json with Spectral (npm @stoplight/spectral-cli,
# pinned in tests/consumers/package-lock.json) and the committed ruleset .spectral.yaml: Spectral's OpenAPI
# rules plus this project's (operationIds, descriptions, examples, problem responses). Passes with zero
# errors and zero warnings. Closing line: "openapi-lint: N passed, N failed", one test per rule.
set -euo pipefail
cd "$(dirname "$0")/../.."
tests/consumers/install.sh
report=$(mktemp)
trap 'rm -f "$report"' EXIT
status=0
tests/consumers/node_modules/.bin/spectral lint openapi/readiness-api.v1.json --ruleset .spectral.yaml \
  --fail-severity warn -f stylish -f json --output.stylish /dev/stdout --output.json "$report" || status=1
node tests/consumers/lint-summary.mjs .spectral.yaml "$report" || status=1
exit $status
