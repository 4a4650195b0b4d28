// Turns a Spectral JSON report into the check's closing line: one test per rule of the ruleset that applies
// to the document's OpenAPI version; a rule fails when it reported an error or a warning.
//   node tests/consumers/lint-summary.mjs <ruleset> <spectral-report.json>
import * as fs from 'node:fs';
import { resolve } from 'node:path';
import { bundleAndLoadRuleset } from '@stoplight/spectral-ruleset-bundler/with-loader';
import formats from '@stoplight/spectral-formats';
import runtime from '@stoplight/spectral-runtime';

const [rulesetPath, reportPath] = process.argv.slice(2);
const ruleset = await bundleAndLoadRuleset(resolve(rulesetPath), { fs, fetch: runtime.fetch });
const report = JSON.parse(fs.readFileSync(reportPath, 'utf8'));
// Spectral severities: 0 error, 1 warn, 2 info, 3 hint.
const failing = new Set(report.filter((r) => r.severity <= 1).map((r) => r.code));
const applies = (rule) => rule.formats === null || rule.formats === undefined || rule.formats.has(formats.oas3_1);
const rules = Object.values(ruleset.rules).filter((r) => r.enabled && applies(r));
const unknown = [...failing].filter((code) => !rules.some((r) => r.name === code));
const failedRules = rules.filter((r) => failing.has(r.name)).length;
const failed = failedRules + unknown.length;
console.log(`openapi-lint: ${rules.length - failedRules} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
