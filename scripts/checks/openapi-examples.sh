#!/usr/bin/env bash
# Sends every example in the committed contract openapi/readiness-api.v1.json to the real service (the
# Release build, started here on a free loopback port and stopped at the end) and checks each answer's
# status, content type, schema (ajv, JSON Schema 2020-12) and body against the documented example.
# Closing line: "openapi-examples: N passed, N failed", one test per documented answer.
set -euo pipefail
cd "$(dirname "$0")/../.."
tests/consumers/install.sh
node tests/consumers/examples.mjs
