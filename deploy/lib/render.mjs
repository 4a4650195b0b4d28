// Renders a kustomization with kubectl's built-in kustomize (kubectl >= 1.27 ships kustomize v5),
// offline: `kubectl kustomize` reads files only and never contacts a cluster.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const kubectl = process.env.KUBECTL || 'kubectl';

/** The YAML text `kubectl kustomize dir` prints; throws with kubectl's message when it fails. */
export function kustomize(dir) {
  try {
    return execFileSync(kubectl, ['kustomize', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    if (e.code === 'ENOENT') {
      throw new Error(`${kubectl} not found: install kubectl >= 1.27 (it carries kustomize), or set KUBECTL to its path`);
    }
    throw new Error(`kubectl kustomize ${path.relative(repoRoot, dir) || '.'} failed: ${(e.stderr || e.message).trim()}`);
  }
}

/** Renders `resources` plus `components` (directories) through a throwaway overlay. */
export function kustomizeWith(resources, components = []) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-kustomize-'));
  try {
    // kustomize accepts only relative paths to other kustomizations.
    const rel = (p) => path.relative(dir, p);
    fs.writeFileSync(path.join(dir, 'kustomization.yaml'), [
      'apiVersion: kustomize.config.k8s.io/v1beta1',
      'kind: Kustomization',
      `resources: ${JSON.stringify(resources.map(rel))}`,
      `components: ${JSON.stringify(components.map(rel))}`,
      '',
    ].join('\n'));
    return kustomize(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Plain objects from a multi-document YAML stream; throws on a YAML error. */
export function parseObjects(text) {
  const objects = [];
  for (const doc of parseAllDocuments(text)) {
    if (doc.errors.length > 0) throw new Error(`YAML: ${doc.errors[0].message}`);
    const value = doc.toJS();
    if (value != null) objects.push(value);
  }
  return objects;
}

/** "Kind/name" for messages. */
export const ref = (o) => `${o?.kind ?? '?'}/${o?.metadata?.name ?? '?'}`;
