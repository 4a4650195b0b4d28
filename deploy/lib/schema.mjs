// Schema checks for rendered objects, offline.
// 1. kubernetes-models' validators (the Kubernetes OpenAPI schemas compiled by ajv): wrong types,
//    missing required fields, bad enum values.
// 2. Unknown fields, which those validators let through (the schemas do not close their objects),
//    so a misspelt `readOnlyRootFileSystem` would be dropped silently by the API server's
//    non-strict decoding. The field lists come from the package's TypeScript declarations, which
//    are generated from the same schemas.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const modelsDir = path.dirname(require.resolve('kubernetes-models/package.json'));
const apimachineryDir = path.dirname(require.resolve('@kubernetes-models/apimachinery/package.json'));

/** kubernetes-models' module for an apiVersion and kind, e.g. apps/v1 + Deployment -> apps/v1/Deployment. */
function modelPath(apiVersion, kind) {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || !/^[A-Za-z0-9.]*\/?v\w+$/.test(apiVersion)) return null;
  const file = path.join(modelsDir, apiVersion, `${kind}.js`);
  return fs.existsSync(file) ? file : null;
}

/** Messages for one object from the Kubernetes schema of its kind ([] when valid). */
export async function schemaErrors(obj) {
  const file = modelPath(obj?.apiVersion, obj?.kind);
  if (!file) return [`no Kubernetes schema for apiVersion ${obj?.apiVersion} kind ${obj?.kind}`];
  const mod = await import(file);
  const Model = mod[obj.kind];
  try {
    new Model(obj).validate();
    return [];
  } catch (e) {
    // ajv's errors, one per line, with the instance path.
    const errors = e.errors ?? [];
    if (errors.length === 0) return [e.message];
    return errors.map((x) => `${x.instancePath.replace(/^\/?/, '/').replace(/^\/data/, '') || '/'} ${x.message}`);
  }
}

// ---- Field lists from the .d.ts files -------------------------------------------------------

let index = null;   // global interface name -> { props: Map(name -> type text), open }

function* declarationFiles(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    if (e.name === '_schemas' || e.name === 'node_modules') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* declarationFiles(p);
    else if (e.name.endsWith('.d.ts')) yield p;
  }
}

/** Splits an interface body into its members at brace/angle depth 0. */
function members(body) {
  const out = [];
  let depth = 0, cur = '';
  for (const ch of body.replace(/\s+/g, ' ')) {
    if ('{<('.includes(ch)) depth++;
    if ('}>)'.includes(ch)) depth--;
    if (ch === ';' && depth === 0) { out.push(cur.trim()); cur = ''; } else cur += ch;
  }
  return out.filter(Boolean);
}

function parseInterface(body) {
  const props = new Map();
  let open = false;
  for (const m of members(body)) {
    const prop = /^"([^"]+)"\??: (.*)$/.exec(m);
    if (prop) props.set(prop[1], prop[2]);
    else open = true;   // an index signature: any key goes
  }
  return { props, open };
}

function buildIndex() {
  index = new Map();
  for (const root of [modelsDir, apimachineryDir]) {
    for (const file of declarationFiles(root)) {
      const text = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
      const local = new Map();
      for (const m of text.matchAll(/export interface (\w+)[^{]*\{([\s\S]*?)\n\}/g)) local.set(m[1], parseInterface(m[2]));
      for (const [name, iface] of local) if (name.startsWith('IIo')) index.set(name, iface);
      // `export type { IContainer as IIoK8sApiCoreV1Container, ... }` names the global alias.
      for (const m of text.matchAll(/export type \{([^}]*)\}/g)) {
        for (const part of m[1].split(',')) {
          const [from, to] = part.trim().split(/\s+as\s+/);
          if (to && local.has(from)) index.set(to, local.get(from));
        }
      }
    }
  }
}

/** The shape a type text describes: {array: t} | {map: t} | {object: iface} | {inline: iface} | null (a leaf). */
function shape(type) {
  type = type.trim();
  let m;
  if ((m = /^Array<(.*)>$/.exec(type))) return { array: m[1] };
  if ((m = /^\{ \[key: string\]: (.*); \}$/.exec(type))) return { map: m[1] };
  if (type.startsWith('{')) return { object: parseInterface(type.slice(1, -1)) };
  if ((m = /^(IIo\w+)$/.exec(type)) && index.has(m[1])) return { object: index.get(m[1]) };
  return null;   // string, number, enums, int-or-string, quantities, free-form JSON
}

function walk(value, type, at, out) {
  const s = shape(type);
  if (!s || value == null) return;
  if (s.array) {
    if (Array.isArray(value)) value.forEach((v, i) => walk(v, s.array, `${at}[${i}]`, out));
  } else if (s.map) {
    if (typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, s.map, `${at}.${k}`, out);
  } else if (typeof value === 'object' && !Array.isArray(value)) {
    const { props, open } = s.object;
    for (const [k, v] of Object.entries(value)) {
      if (props.has(k)) walk(v, props.get(k), at ? `${at}.${k}` : k, out);
      else if (!open) out.push(`${at ? `${at}.` : ''}${k}: unknown field`);
    }
  }
}

/** Paths of fields the object's schema does not know ([] when none). */
export function unknownFields(obj) {
  if (!index) buildIndex();
  const file = modelPath(obj?.apiVersion, obj?.kind);
  if (!file) return [];   // schemaErrors reports it
  const text = fs.readFileSync(file.replace(/\.js$/, '.d.ts'), 'utf8');
  const m = new RegExp(`export interface I${obj.kind}[^{]*\\{([\\s\\S]*?)\\n\\}`).exec(text.replace(/\/\*[\s\S]*?\*\//g, ''));
  if (!m) return [`no field list for ${obj.kind}`];
  const out = [];
  walk(obj, `{${m[1]}}`, '', out);
  return out;
}
