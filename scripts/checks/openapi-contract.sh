#!/usr/bin/env bash
# The contract from outside: requests derived from the committed openapi/readiness-api.v1.json alone (its examples
# and every mutation its schemas suggest, valid and invalid), sent to the real service (the Release build, started
# on a free loopback port and stopped at the end). Never a 5xx, every status documented, every answer valid against
# its documented schema, and a request the schema allows refused only by the rules OpenAPI cannot state, which
# tests/consumers/contract.mjs lists. Closing line: "openapi-contract: N passed, N failed", one test per request.
set -euo pipefail
cd "$(dirname "$0")/../.."
tests/consumers/install.sh
node tests/consumers/contract.mjs
