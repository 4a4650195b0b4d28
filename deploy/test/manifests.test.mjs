// The real manifests: every shape of deployment renders, every object fits the Kubernetes schemas
// with no unknown field, and every policy rule passes.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { kustomize, kustomizeWith, parseObjects, ref, repoRoot } from '../lib/render.mjs';
import { schemaErrors, unknownFields } from '../lib/schema.mjs';
import { rules } from '../lib/policy.mjs';

const k8s = path.join(repoRoot, 'k8s');
const byKind = (objects, kind) => objects.filter((o) => o.kind === kind);

const targets = [
  {
    name: 'k8s/ (the base: service + in-cluster Redis)',
    render: () => kustomize(k8s),
    expect(objects) {
      const kinds = new Set(objects.map((o) => o.kind));
      for (const kind of ['Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget', 'ConfigMap', 'ServiceAccount', 'NetworkPolicy', 'Secret']) {
        assert.ok(kinds.has(kind), `no ${kind}`);
      }
      assert.equal(byKind(objects, 'Deployment').length, 2, 'the service and Redis');
    },
  },
  {
    name: 'k8s/overlays/managed-redis',
    render: () => kustomize(path.join(k8s, 'overlays/managed-redis')),
    expect(objects) {
      assert.deepEqual(byKind(objects, 'Deployment').map(ref), ['Deployment/readiness-api'], 'no in-cluster Redis');
      assert.deepEqual(byKind(objects, 'Secret'), [], 'the connection-string Secret is made in the cluster, not committed');
    },
  },
  {
    name: 'k8s/ + components/request-rate-hpa',
    render: () => kustomizeWith([k8s], [path.join(k8s, 'components/request-rate-hpa')]),
    expect(objects) {
      const [hpa] = byKind(objects, 'HorizontalPodAutoscaler');
      assert.deepEqual(hpa.spec.metrics.map((m) => m.type), ['Resource', 'Pods']);
      assert.equal(hpa.spec.metrics[1].pods.metric.name, 'http_server_requests_per_second');
    },
  },
  {
    name: 'k8s/ + components/behind-ingress',
    render: () => kustomizeWith([k8s], [path.join(k8s, 'components/behind-ingress')]),
    expect(objects) {
      // Forwarded headers are believed from the pod network only because nothing but the ingress
      // controller (and Prometheus) may open HTTP to the pods: both halves or neither.
      const settings = byKind(objects, 'ConfigMap').find((c) => c.metadata.name.startsWith('readiness-api-') && c.data?.ASPNETCORE_HTTP_PORTS);
      assert.match(settings.data.ForwardedHeaders__KnownNetworks__0, /^\d+\.\d+\.\d+\.\d+\/\d+$/);
      const policy = byKind(objects, 'NetworkPolicy').find((p) => p.metadata.name === 'readiness-api');
      const from = policy.spec.ingress.flatMap((rule) => rule.from ?? [undefined]);
      assert.ok(from.length > 0 && from.every((peer) => peer?.namespaceSelector), 'HTTP admitted from named namespaces only');
      assert.ok(from.some((peer) => peer.namespaceSelector.matchLabels['kubernetes.io/metadata.name'] === 'ingress-nginx'));
    },
  },
];

for (const target of targets) {
  // Rendered once, up front, so each object gets a test of its own.
  let objects = [];
  let renderError = null;
  try { objects = parseObjects(target.render()); } catch (e) { renderError = e; }

  describe(target.name, () => {
    test('renders with kubectl kustomize', () => {
      if (renderError) throw renderError;
      assert.ok(objects.length > 0, 'rendered nothing');
      target.expect(objects);
    });
    for (const o of objects) {
      test(`${ref(o)} fits the Kubernetes schema, no unknown fields`, async () => {
        assert.deepEqual([...await schemaErrors(o), ...unknownFields(o)], []);
      });
    }
    for (const rule of rules) {
      test(`policy ${rule.id}: ${rule.title}`, () => {
        assert.ok(!renderError, 'not rendered');
        assert.deepEqual(rule.check(objects), []);
      });
    }
  });
}
