// The committed contract as the checks read it: the document, and ajv (JSON Schema 2020-12, as OpenAPI 3.1 uses)
// with OpenAPI's number formats, holding the document so that any schema in it can be compiled by its JSON pointer.
// Shared by the examples check (examples.mjs) and the contract test (contract.mjs).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { root } from './service.mjs';

export const doc = JSON.parse(readFileSync(join(root, 'openapi/readiness-api.v1.json'), 'utf8'));
export const verbs = ['get', 'put', 'post', 'delete', 'patch'];

export const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addFormat('int32', { type: 'number', validate: (n) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 });
ajv.addFormat('int64', { type: 'number', validate: (n) => Number.isInteger(n) });
ajv.addFormat('double', { type: 'number', validate: (n) => Number.isFinite(n) });
ajv.addFormat('float', { type: 'number', validate: (n) => Number.isFinite(n) });
ajv.addSchema(doc, 'openapi.json');

const pointer = (...parts) => parts.map((p) => String(p).replaceAll('~', '~0').replaceAll('/', '~1')).join('/');
const compiled = new Map();

/** The validator of the schema at a path in the document, e.g. ('paths', '/v1/scores', 'post', 'responses', '200', 'content', 'application/json', 'schema'). */
export function validator(...parts) {
  const ref = `openapi.json#/${pointer(...parts)}`;
  if (!compiled.has(ref)) compiled.set(ref, ajv.compile({ $ref: ref }));
  return compiled.get(ref);
}

/** application/json and the +json types (problem+json); NDJSON, CSV and SVG are text. */
export const isJson = (mediaType) => /[/+]json$/.test(mediaType);
