// Sends every example in the committed OpenAPI document to the running service and checks the answer:
// the documented status and content type, a body that validates against the documented schema (JSON Schema
// 2020-12, as OpenAPI 3.1 uses), and a body equal to the documented example (but for a problem's traceId).
// Requests and answers pair up by example name: a response example named N is provoked by the request body
// example and the parameter examples named N, or by its x-request extension (a raw body and content type).
//   node tests/consumers/examples.mjs            (scripts/checks/openapi-examples.sh runs it)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ajv, doc, isJson, validator, verbs } from './contract-document.mjs';
import { root, withService } from './service.mjs';

const NAME = 'openapi-examples';
const validatorFor = (path, verb, status, mediaType) => validator('paths', path, verb, 'responses', status, 'content', mediaType, 'schema');

/** The first place two JSON values differ, or null. */
function difference(expected, actual, at = '$') {
  if (Object.is(expected, actual)) return null;
  if (typeof expected !== typeof actual || expected === null || actual === null || typeof expected !== 'object'
      || Array.isArray(expected) !== Array.isArray(actual)) {
    return `${at}: documented ${JSON.stringify(expected)}, answered ${JSON.stringify(actual)}`;
  }
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  for (const key of keys) {
    const d = difference(expected[key], actual[key], Array.isArray(expected) ? `${at}[${key}]` : `${at}.${key}`);
    if (d) return d;
  }
  return null;
}

/** The request that provokes the response example `name` of an operation. */
function requestFor(path, operation, name, example) {
  let url = path;
  const query = new URLSearchParams();
  for (const parameter of operation.parameters ?? []) {
    const value = example['x-request']?.parameters?.[parameter.name] ?? parameter.examples?.[name]?.value;
    if (value === undefined) {
      if (parameter.in === 'path') throw new Error(`path parameter '${parameter.name}' has no example '${name}'`);
      continue;
    }
    if (parameter.in === 'path') url = url.replace(`{${parameter.name}}`, encodeURIComponent(String(value)));
    else if (parameter.in === 'query') query.append(parameter.name, String(value));
  }
  if (query.size > 0) url += `?${query}`;
  const raw = example['x-request'];
  if (raw) {
    return { url, contentType: raw.contentType, body: raw.body, headers: raw.headers ?? {}, repeat: raw.repeat ?? 1 };
  }
  for (const [mediaType, media] of Object.entries(operation.requestBody?.content ?? {})) {
    const value = media.examples?.[name]?.value;
    if (value !== undefined) {
      return { url, contentType: mediaType, body: isJson(mediaType) ? JSON.stringify(value) : String(value) };
    }
  }
  if (operation.requestBody?.required) throw new Error(`the request body has no example '${name}' and the answer no x-request`);
  return { url };
}

let passed = 0;
let failed = 0;
const fail = (what, why) => { failed++; console.log(`  FAIL ${what}: ${why}`); };

// Every documented answer, grouped by the service configuration that gives it (x-service; most need none).
const cases = [];
const notSent = [];
for (const [path, item] of Object.entries(doc.paths)) {
  for (const verb of verbs.filter((v) => item[v])) {
    const operation = item[verb];
    const answered = new Set();
    for (const [status, response] of Object.entries(operation.responses ?? {})) {
      for (const [mediaType, media] of Object.entries(response.content ?? {})) {
        for (const [name, example] of Object.entries(media.examples ?? {})) {
          answered.add(name);
          // An answer no request from outside can provoke names the test that provokes it instead.
          if (example['x-not-sent']) {
            notSent.push(`${operation.operationId} ${name} (${status}): ${example['x-not-sent']}`);
            continue;
          }
          cases.push({ path, verb, operation, status, mediaType, name, example, settings: example['x-service'] ?? {} });
        }
      }
    }
    // A request example that no answer names is never checked: it would drift unseen.
    const offered = [
      ...Object.values(operation.requestBody?.content ?? {}).flatMap((m) => Object.keys(m.examples ?? {})),
      ...(operation.parameters ?? []).flatMap((p) => Object.keys(p.examples ?? {})),
    ];
    for (const name of new Set(offered)) {
      if (!answered.has(name)) fail(`${operation.operationId} ${name}`, 'a request example with no documented answer of the same name');
    }
    if (answered.size === 0) fail(`${operation.operationId}`, 'the operation documents no example answer');
  }
}

async function send(baseUrl, { path, verb, operation, status, mediaType, name, example }) {
  const what = `${operation.operationId} ${name} (${status} ${mediaType})`;
  try {
    const request = requestFor(path, operation, name, example);
    // A client asks for the format it wants on success; a problem comes as application/problem+json anyway.
    const wanted = Number(status) < 400 ? mediaType : Object.keys(operation.responses['200']?.content ?? {})[0] ?? mediaType;
    const headers = { Accept: wanted, ...(request.headers ?? {}) };
    if (request.contentType) headers['Content-Type'] = request.contentType;
    let answer;
    for (let attempt = 1; attempt <= (request.repeat ?? 1); attempt++) {
      answer = await fetch(baseUrl + request.url, {
        method: verb.toUpperCase(), headers, body: request.body, signal: AbortSignal.timeout(30_000),
      });
      if (String(answer.status) === status || attempt === (request.repeat ?? 1)) break;
      await answer.arrayBuffer();
    }
    const text = await answer.text();
    const contentType = (answer.headers.get('content-type') ?? '').split(';')[0].trim();
    if (String(answer.status) !== status) return fail(what, `answered ${answer.status}: ${text.slice(0, 400)}`);
    if (contentType !== mediaType) return fail(what, `answered ${contentType}`);
    for (const [header, spec] of Object.entries(operation.responses[status].headers ?? {})) {
      if (spec.required && !answer.headers.has(header)) return fail(what, `the answer has no ${header} header`);
    }
    const body = isJson(mediaType) ? JSON.parse(text) : text;
    const validate = validatorFor(path, verb, status, mediaType);
    if (!validate(body)) return fail(what, `the answer does not match the schema: ${ajv.errorsText(validate.errors)}`);
    if (!validate(example.value)) return fail(what, `the documented example does not match the schema: ${ajv.errorsText(validate.errors)}`);
    let expected = example.value;
    let actual = body;
    if (mediaType === 'application/problem+json') {
      if (typeof body.traceId !== 'string' || body.traceId.length === 0) return fail(what, 'the problem has no traceId');
      // The trace id is the request's own; everything else must be as documented.
      expected = { ...expected, traceId: undefined };
      actual = { ...actual, traceId: undefined };
    }
    const d = difference(expected, actual);
    if (d) return fail(what, `the answer differs from the documented example at ${d}`);
    passed++;
    console.log(`  ok   ${what}`);
  } catch (e) {
    fail(what, e.message);
  }
}

// Every service here gets a large budget for the heavy operations (batch, sensitivity): the examples send more
// of them than a client's default burst; the rateLimited examples set their own, smaller budget.
const baseSettings = { RateLimiting__HeavyBurst: '1000' };
const groups = new Map();
for (const c of cases) {
  const key = JSON.stringify(c.settings);
  groups.set(key, [...(groups.get(key) ?? []), c]);
}
for (const [key, group] of groups) {
  const settings = JSON.parse(key);
  if (Object.keys(settings).length > 0) console.log(`  (a service with ${Object.entries(settings).map(([k, v]) => `${k}=${v}`).join(' ')})`);
  try {
    await withService(async ({ baseUrl }) => {
      for (const c of group) await send(baseUrl, c);
    }, { ...baseSettings, ...settings });
  } catch (e) {
    fail(`the service for ${group.length} examples`, e.message);
  }
}

// ReadinessApi.http is the hand-run companion of the document: it must have a request for every operation.
const httpFile = readFileSync(join(root, 'ReadinessApi.http'), 'utf8');
const requests = [...httpFile.matchAll(/^(GET|PUT|POST|DELETE|PATCH) \{\{baseUrl\}\}(\/\S*)/gm)]
  .map(([, method, url]) => ({ method: method.toLowerCase(), path: url.split('?')[0] }));
for (const [path, item] of Object.entries(doc.paths)) {
  const template = new RegExp(`^${path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
  for (const verb of verbs.filter((v) => item[v])) {
    const what = `ReadinessApi.http has a request for ${item[verb].operationId} (${verb.toUpperCase()} ${path})`;
    if (requests.some((r) => r.method === verb && template.test(r.path))) { passed++; console.log(`  ok   ${what}`); } else fail(what, 'missing');
  }
}

if (notSent.length > 0) console.log(`  not sent (${notSent.length}):\n${notSent.map((n) => `    ${n}`).join('\n')}`);
console.log(`${NAME}: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
