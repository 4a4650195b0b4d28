#!/usr/bin/env bash
# Lints the committed contract openapi/readiness-api.v1.json with Redocly's recommended ruleset (npm @redocly/cli,
# pinned in tests/consumers/package-lock.json), as client teams that use Redocly will. Passes with zero errors;
# warnings are listed. Closing line: "openapi-redocly: N passed, N failed" (one test: no error).
set -euo pipefail
cd "$(dirname "$0")/../.."
tests/consumers/install.sh
report=$(mktemp)
trap 'rm -f "$report"' EXIT
# No usage reports or update checks: the check runs offline.
REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true \
  tests/consumers/node_modules/.bin/redocly lint openapi/readiness-api.v1.json --extends recommended --format json >"$report" 2>/dev/null || true
node --input-type=module - "$report" <<'JS'
import { readFileSync } from 'node:fs';
const text = readFileSync(process.argv[2], 'utf8');
let report;
try { report = JSON.parse(text.slice(text.indexOf('{'))); } catch { console.log(`  FAIL redocly wrote no report: ${text.slice(0, 400)}`); report = null; }
const problems = report?.problems ?? [];
for (const p of problems) console.log(`  ${p.severity.padEnd(7)} ${p.ruleId}: ${p.message} (${p.location?.[0]?.pointer ?? ''})`);
const errors = report ? problems.filter((p) => p.severity === 'error').length : 1;
console.log(`  redocly recommended: ${errors} errors, ${problems.filter((p) => p.severity === 'warn').length} warnings`);
console.log(`openapi-redocly: ${errors === 0 ? 1 : 0} passed, ${errors === 0 ? 0 : 1} failed`);
process.exit(errors === 0 ? 0 : 1);
JS
