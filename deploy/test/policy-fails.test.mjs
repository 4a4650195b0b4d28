// The checks can fail: each test breaks the real base render in one way and expects the rule that
// guards against it to say so (and, for the fixture overlay, the whole render-validate-policy path).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { kustomize, parseObjects, repoRoot } from '../lib/render.mjs';
import { schemaErrors, unknownFields } from '../lib/schema.mjs';
import { evaluate, matches, parseImage, timeSpanSeconds } from '../lib/policy.mjs';

const base = parseObjects(kustomize(path.join(repoRoot, 'k8s')));
const find = (objects, kind, name) => objects.find((o) => o.kind === kind && o.metadata.name === name);
const api = (objects) => find(objects, 'Deployment', 'readiness-api');
const apiPod = (objects) => api(objects).spec.template.spec;
const apiContainer = (objects) => apiPod(objects).containers[0];
const redisContainer = (objects) => find(objects, 'Deployment', 'readiness-api-redis').spec.template.spec.containers[0];
const settings = (objects) => objects.find((o) => o.kind === 'ConfigMap' && 'Cohorts__Directory' in (o.data ?? {}));
const without = (objects, kind, name) => objects.filter((o) => !(o.kind === kind && o.metadata.name === name));

/** [what is broken, mutation (returns the objects), rule id, message pattern] */
const broken = [
  ['a missing readiness probe', (o) => { delete apiContainer(o).readinessProbe; return o; }, 'probes', /container api: no readinessProbe/],
  ["Redis's missing startup probe", (o) => { delete redisContainer(o).startupProbe; return o; }, 'probes', /container redis: no startupProbe/],
  ['a missing memory limit', (o) => { delete apiContainer(o).resources.limits.memory; return o; }, 'resources', /no memory limit/],
  ['missing requests', (o) => { delete redisContainer(o).resources.requests; return o; }, 'resources', /container redis: no cpu request/],
  ['a pod running as root', (o) => { apiPod(o).securityContext.runAsUser = 0; return o; }, 'non-root', /runAsUser is 0/],
  ['runAsNonRoot switched off in the container', (o) => { apiContainer(o).securityContext.runAsNonRoot = false; delete apiPod(o).securityContext.runAsNonRoot; return o; }, 'non-root', /runAsNonRoot is not true/],
  ['a writable root filesystem', (o) => { apiContainer(o).securityContext.readOnlyRootFilesystem = false; return o; }, 'read-only-root', /root filesystem is writable/],
  ['privilege escalation', (o) => { apiContainer(o).securityContext.allowPrivilegeEscalation = true; return o; }, 'no-privilege', /allowPrivilegeEscalation is not false/],
  ['an added capability', (o) => { apiContainer(o).securityContext.capabilities.add = ['NET_ADMIN']; return o; }, 'no-privilege', /adds capability NET_ADMIN/],
  ['no seccomp profile', (o) => { delete apiPod(o).securityContext.seccompProfile; return o; }, 'seccomp', /seccompProfile/],
  ['the latest tag', (o) => { apiContainer(o).image = 'readiness-api:latest'; return o; }, 'image-pinned', /uses the latest tag/],
  ['an untagged image', (o) => { redisContainer(o).image = 'docker.io/library/redis'; return o; }, 'image-pinned', /has no tag/],
  ['host networking', (o) => { apiPod(o).hostNetwork = true; return o; }, 'no-host-access', /hostNetwork/],
  ['a mounted service account token', (o) => { apiPod(o).automountServiceAccountToken = true; return o; }, 'no-token', /automountServiceAccountToken is true/],
  ['a pinned namespace', (o) => { api(o).metadata.namespace = 'prod'; return o; }, 'namespace-agnostic', /metadata.namespace is prod/],
  ['a Service selecting nothing', (o) => { find(o, 'Service', 'readiness-api').spec.selector['app.kubernetes.io/name'] = 'readiness'; return o; }, 'selectors-match', /Service\/readiness-api: its selector matches no pod/],
  ['a Service targeting a missing port', (o) => { find(o, 'Service', 'readiness-api').spec.ports[0].targetPort = 'web'; return o; }, 'service-ports', /targetPort web/],
  ['a missing settings ConfigMap', (o) => { apiContainer(o).envFrom[0].configMapRef.name = 'readiness-api-settings'; return o; }, 'names-resolve', /ConfigMap readiness-api-settings is not in the render/],
  ['an HPA aimed at nothing', (o) => { find(o, 'HorizontalPodAutoscaler', 'readiness-api').spec.scaleTargetRef.name = 'readiness'; return o; }, 'names-resolve', /scale target Deployment\/readiness/],
  ['no NetworkPolicy for Redis', (o) => without(o, 'NetworkPolicy', 'readiness-api-redis'), 'network-policies', /Deployment\/readiness-api-redis: no NetworkPolicy restricts its ingress/],
  ['a single replica', (o) => { api(o).spec.replicas = 1; return o; }, 'service-availability', /replicas 1 < 2/],
  ['a rollout that takes pods away', (o) => { api(o).spec.strategy.rollingUpdate.maxUnavailable = 1; return o; }, 'service-availability', /maxUnavailable is 1/],
  ['an HPA allowing one replica', (o) => { find(o, 'HorizontalPodAutoscaler', 'readiness-api').spec.minReplicas = 1; return o; }, 'service-availability', /minReplicas 1 < 2/],
  ['no PodDisruptionBudget', (o) => without(o, 'PodDisruptionBudget', 'readiness-api'), 'service-availability', /no PodDisruptionBudget/],
  ['no spread across nodes', (o) => { delete apiPod(o).topologySpreadConstraints; return o; }, 'service-availability', /no topology spread/],
  ['liveness on the readiness endpoint', (o) => { apiContainer(o).livenessProbe.httpGet.path = '/health/ready'; return o; }, 'service-probes', /livenessProbe checks \/health\/ready/],
  ['a probe on the wrong port', (o) => { apiContainer(o).startupProbe.httpGet.port = 80; return o; }, 'service-probes', /startupProbe port 80/],
  ['the service on port 80', (o) => { apiContainer(o).ports[0].containerPort = 80; return o; }, 'service-port', /no containerPort 8080/],
  ['no writable /tmp', (o) => { apiContainer(o).volumeMounts = apiContainer(o).volumeMounts.filter((m) => m.mountPath !== '/tmp'); return o; }, 'service-writable-tmp', /no writable emptyDir mounted at \/tmp/],
  ['cohorts not mounted', (o) => { settings(o).data.Cohorts__Directory = '/data/cohorts'; return o; }, 'service-writable-tmp', /nothing is mounted at Cohorts__Directory/],
  ['a preStop exec of sleep', (o) => { apiContainer(o).lifecycle.preStop = { exec: { command: ['sleep', '5'] } }; return o; }, 'service-graceful-shutdown', /exec needs a shell/],
  ['a grace period shorter than the shutdown', (o) => { apiPod(o).terminationGracePeriodSeconds = 30; return o; }, 'service-graceful-shutdown', /terminationGracePeriodSeconds 30 < preStop 5 s \+ Shutdown__Timeout 25 s/],
  ['a longer Shutdown__Timeout', (o) => { settings(o).data.Shutdown__Timeout = '00:01:00'; return o; }, 'service-graceful-shutdown', /Shutdown__Timeout 60 s/],
  ['a Shutdown__Timeout that is no TimeSpan', (o) => { settings(o).data.Shutdown__Timeout = '25s'; return o; }, 'service-graceful-shutdown', /is no TimeSpan/],
  ['the Redis connection string in plain sight', (o) => { apiContainer(o).env[0] = { name: 'ConnectionStrings__Redis', value: 'redis:6379,password=hunter2' }; return o; }, 'service-dependencies', /not read from a Secret/],
  ['no egress to Redis', (o) => without(o, 'NetworkPolicy', 'readiness-api-to-redis'), 'service-dependencies', /reach Redis/],
  ['no egress to the collector', (o) => { settings(o).data.OTEL_EXPORTER_OTLP_ENDPOINT = 'http://collector:9999'; return o; }, 'service-dependencies', /reach the collector/],
];

describe('each policy rule fails on the manifest it guards against', () => {
  for (const [what, mutate, rule, pattern] of broken) {
    test(`${rule} catches ${what}`, () => {
      const violations = evaluate(mutate(structuredClone(base)))[rule];
      assert.ok(violations.some((v) => pattern.test(v)), `expected ${pattern} among ${JSON.stringify(violations)}`);
    });
  }
});

describe('the schema checks fail on broken objects', () => {
  test('a wrong type', async () => {
    const o = structuredClone(base);
    apiContainer(o).ports[0].containerPort = '8080';
    assert.match((await schemaErrors(api(o))).join('\n'), /containerPort must be integer/);
  });
  test('a missing required field', async () => {
    const o = structuredClone(base);
    delete apiContainer(o).name;
    assert.match((await schemaErrors(api(o))).join('\n'), /containers\/0 must have required property name/);
  });
  test('a misspelt field, which the schema validators let through', async () => {
    const o = structuredClone(base);
    const sc = apiContainer(o).securityContext;
    sc.readOnlyRootFileSystem = sc.readOnlyRootFilesystem;
    delete sc.readOnlyRootFilesystem;
    assert.deepEqual(await schemaErrors(api(o)), []);
    assert.deepEqual(unknownFields(api(o)), ['spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem: unknown field']);
  });
  test('an unknown kind', async () => {
    assert.match((await schemaErrors({ apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor' })).join(), /no Kubernetes schema/);
  });
});

describe('a broken overlay fails end to end (fixtures/broken-overlay)', () => {
  const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures/broken-overlay');
  const objects = parseObjects(kustomize(dir));
  const violations = evaluate(objects);
  const expectations = [
    ['image-pinned', /readiness-api:latest uses the latest tag/],
    ['non-root', /runAsUser is 0/],
    ['probes', /container api: no readinessProbe/],
    ['read-only-root', /container api: readOnlyRootFilesystem is not true/],
    ['resources', /container redis: no cpu limit/],
  ];
  for (const [rule, pattern] of expectations) {
    test(`${rule} reports it`, () => assert.ok(violations[rule].some((v) => pattern.test(v)), JSON.stringify(violations[rule])));
  }
  test('the misspelt field is reported', () => {
    assert.ok(unknownFields(api(objects)).some((f) => /securityContext.runAsNonroot: unknown field/.test(f)));
  });
});

describe('helpers', () => {
  test('TimeSpan strings', () => {
    assert.equal(timeSpanSeconds('00:00:25'), 25);
    assert.equal(timeSpanSeconds('1.00:00:00'), 86400);
    assert.equal(timeSpanSeconds('00:00:00.250'), 0.25);
    assert.ok(Number.isNaN(timeSpanSeconds('25s')));
  });
  test('image references', () => {
    assert.deepEqual(parseImage('registry:5000/team/app:1.2'), { name: 'registry:5000/team/app', tag: '1.2', digest: undefined });
    assert.deepEqual(parseImage('registry:5000/team/app'), { name: 'registry:5000/team/app', tag: undefined, digest: undefined });
    assert.equal(parseImage('app@sha256:abc').digest, 'sha256:abc');
  });
  test('label selectors', () => {
    assert.ok(matches({ matchLabels: { a: '1' } }, { a: '1', b: '2' }));
    assert.ok(!matches({ matchLabels: { a: '1' } }, { a: '2' }));
    assert.ok(matches({ matchExpressions: [{ key: 'a', operator: 'In', values: ['1', '2'] }] }, { a: '2' }));
    assert.ok(matches({}, { any: 'thing' }));
  });
});
