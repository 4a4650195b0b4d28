// Policy checks over a rendered set of objects. Each rule returns violations as strings naming the
// object and container; [] passes. Two groups:
//   - every workload: the restricted Pod Security profile and more (probes, limits, pinned images, ...)
//   - the service itself: the facts the service's own design depends on (health paths, port 8080,
//     /tmp, graceful shutdown in step with Shutdown__Timeout, Redis from a Secret, HPA/PDB/spread)
// plus references between objects (selectors, names, ports), which nothing else checks offline.
import { ref } from './render.mjs';

const WORKLOAD_KINDS = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'Pod']);
export const SERVICE_NAME = 'readiness-api';
export const SERVICE_PORT = 8080;
const PRESTOP_MARGIN_SECONDS = 5;
const DEFAULT_SHUTDOWN_TIMEOUT_SECONDS = 25;   // the service's default for Shutdown__Timeout

/** Pod template spec and labels of a workload, or null. */
function podTemplate(o) {
  if (!WORKLOAD_KINDS.has(o.kind)) return null;
  if (o.kind === 'Pod') return { spec: o.spec ?? {}, labels: o.metadata?.labels ?? {} };
  if (o.kind === 'CronJob') {
    const t = o.spec?.jobTemplate?.spec?.template;
    return { spec: t?.spec ?? {}, labels: t?.metadata?.labels ?? {} };
  }
  return { spec: o.spec?.template?.spec ?? {}, labels: o.spec?.template?.metadata?.labels ?? {} };
}

const workloads = (objects) => objects.filter((o) => podTemplate(o)).map((o) => ({ o, ...podTemplate(o) }));
const isBatch = (o) => o.kind === 'Job' || o.kind === 'CronJob';

/** { at, c, spec, o, init } for every container and init container of every workload. */
function* containers(objects) {
  for (const { o, spec } of workloads(objects)) {
    for (const c of spec.containers ?? []) yield { at: `${ref(o)} container ${c.name}`, c, spec, o, init: false };
    for (const c of spec.initContainers ?? []) yield { at: `${ref(o)} initContainer ${c.name}`, c, spec, o, init: true };
  }
}

/** A container's setting, falling back to the pod's (securityContext fields that exist on both). */
const effective = (c, spec, key) => c.securityContext?.[key] ?? spec.securityContext?.[key];

export function matches(selector, labels) {
  if (!selector) return false;
  const ml = selector.matchLabels ?? {};
  const exprs = selector.matchExpressions ?? [];
  if (Object.keys(ml).length === 0 && exprs.length === 0) return true;   // {} selects all
  if (!Object.entries(ml).every(([k, v]) => labels[k] === v)) return false;
  return exprs.every(({ key, operator, values = [] }) => {
    switch (operator) {
      case 'In': return key in labels && values.includes(labels[key]);
      case 'NotIn': return !(key in labels) || !values.includes(labels[key]);
      case 'Exists': return key in labels;
      case 'DoesNotExist': return !(key in labels);
      default: return false;
    }
  });
}

/** Parses a .NET TimeSpan string ("[d.]hh:mm:ss[.fffffff]") to seconds; NaN if it is not one. */
export function timeSpanSeconds(text) {
  const m = /^(?:(\d+)\.)?(\d{1,2}):(\d{1,2}):(\d{1,2})(?:\.(\d{1,7}))?$/.exec(String(text ?? '').trim());
  if (!m) return NaN;
  const [, d = 0, h, min, s, f = '0'] = m;
  return Number(d) * 86400 + Number(h) * 3600 + Number(min) * 60 + Number(s) + Number(`0.${f}`);
}

/** The image reference parts: { name, tag, digest }. */
export function parseImage(image) {
  const [rest, digest] = String(image).split('@');
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  const tag = colon > slash ? rest.slice(colon + 1) : undefined;
  return { name: colon > slash ? rest.slice(0, colon) : rest, tag, digest };
}

/** The environment a container gets from `env` and `envFrom` ConfigMaps that are in the render: name -> EnvVar. */
export function containerEnv(c, objects) {
  const env = {};
  for (const from of c.envFrom ?? []) {
    const cm = from.configMapRef && objects.find((o) => o.kind === 'ConfigMap' && o.metadata?.name === from.configMapRef.name);
    if (cm) for (const [k, v] of Object.entries(cm.data ?? {})) env[`${from.prefix ?? ''}${k}`] = { value: v };
  }
  for (const e of c.env ?? []) env[e.name] = e;   // env wins over envFrom, as in Kubernetes
  return env;
}

const probeNames = ['startupProbe', 'livenessProbe', 'readinessProbe'];

/** A NetworkPolicy's types; unset means Ingress, plus Egress when it has egress rules (as the API server defaults it). */
const policyTypes = (p) => p.spec?.policyTypes ?? ['Ingress', ...(p.spec?.egress ? ['Egress'] : [])];

// ---- Rules for every workload ------------------------------------------------------------------

const workloadRules = [
  {
    id: 'probes',
    title: 'every long-running container has startup, liveness and readiness probes',
    check: (objects) => [...containers(objects)]
      .filter(({ o, init }) => !init && !isBatch(o))
      .flatMap(({ at, c }) => probeNames.filter((p) => !c[p]).map((p) => `${at}: no ${p}`)),
  },
  {
    id: 'resources',
    title: 'every container has CPU and memory requests and limits',
    check: (objects) => [...containers(objects)].flatMap(({ at, c }) =>
      ['requests', 'limits'].flatMap((kind) => ['cpu', 'memory']
        .filter((r) => c.resources?.[kind]?.[r] == null)
        .map((r) => `${at}: no ${r} ${kind === 'requests' ? 'request' : 'limit'}`))),
  },
  {
    id: 'non-root',
    title: 'no container runs as root (runAsNonRoot, no UID or GID 0)',
    check: (objects) => [...containers(objects)].flatMap(({ at, c, spec }) => [
      ...(effective(c, spec, 'runAsNonRoot') === true ? [] : [`${at}: runAsNonRoot is not true`]),
      ...(effective(c, spec, 'runAsUser') === 0 ? [`${at}: runAsUser is 0 (root)`] : []),
      ...(effective(c, spec, 'runAsGroup') === 0 ? [`${at}: runAsGroup is 0 (root)`] : []),
    ]),
  },
  {
    id: 'read-only-root',
    title: 'every container has a read-only root filesystem',
    check: (objects) => [...containers(objects)]
      .filter(({ c }) => c.securityContext?.readOnlyRootFilesystem !== true)
      .map(({ at }) => `${at}: readOnlyRootFilesystem is not true (the root filesystem is writable)`),
  },
  {
    id: 'no-privilege',
    title: 'no privilege escalation, not privileged, every capability dropped and none added',
    check: (objects) => [...containers(objects)].flatMap(({ at, c }) => {
      const sc = c.securityContext ?? {};
      return [
        ...(sc.allowPrivilegeEscalation === false ? [] : [`${at}: allowPrivilegeEscalation is not false`]),
        ...(sc.privileged === true ? [`${at}: privileged`] : []),
        ...((sc.capabilities?.drop ?? []).includes('ALL') ? [] : [`${at}: capabilities do not drop ALL`]),
        ...((sc.capabilities?.add ?? []).map((cap) => `${at}: adds capability ${cap}`)),
      ];
    }),
  },
  {
    id: 'seccomp',
    title: 'every container runs under a seccomp profile (RuntimeDefault or Localhost)',
    check: (objects) => [...containers(objects)]
      .filter(({ c, spec }) => !['RuntimeDefault', 'Localhost'].includes(effective(c, spec, 'seccompProfile')?.type))
      .map(({ at }) => `${at}: no RuntimeDefault/Localhost seccompProfile`),
  },
  {
    id: 'image-pinned',
    title: 'every image names a tag other than latest, or a digest',
    check: (objects) => [...containers(objects)].flatMap(({ at, c }) => {
      const { tag, digest } = parseImage(c.image ?? '');
      if (!c.image) return [`${at}: no image`];
      if (digest) return [];
      if (!tag) return [`${at}: image ${c.image} has no tag (that means latest)`];
      if (tag === 'latest') return [`${at}: image ${c.image} uses the latest tag`];
      return [];
    }),
  },
  {
    id: 'no-host-access',
    title: 'no host namespaces, host ports or hostPath volumes',
    check: (objects) => workloads(objects).flatMap(({ o, spec }) => [
      ...['hostNetwork', 'hostPID', 'hostIPC'].filter((k) => spec[k] === true).map((k) => `${ref(o)}: ${k}`),
      ...(spec.volumes ?? []).filter((v) => v.hostPath).map((v) => `${ref(o)}: hostPath volume ${v.name}`),
      ...[...(spec.containers ?? []), ...(spec.initContainers ?? [])].flatMap((c) =>
        (c.ports ?? []).filter((p) => p.hostPort).map((p) => `${ref(o)} container ${c.name}: hostPort ${p.hostPort}`)),
    ]),
  },
  {
    id: 'no-token',
    title: 'no pod mounts a service account token',
    check: (objects) => workloads(objects).flatMap(({ o, spec }) => {
      if (spec.automountServiceAccountToken === false) return [];
      if (spec.automountServiceAccountToken === true) return [`${ref(o)}: automountServiceAccountToken is true`];
      const sa = objects.find((x) => x.kind === 'ServiceAccount' && x.metadata?.name === (spec.serviceAccountName ?? 'default'));
      return sa?.automountServiceAccountToken === false ? [] : [`${ref(o)}: a service account token is mounted (set automountServiceAccountToken: false)`];
    }),
  },
  {
    id: 'namespace-agnostic',
    title: 'no object pins a namespace (kubectl apply -n decides)',
    check: (objects) => [
      ...objects.filter((o) => o.metadata?.namespace).map((o) => `${ref(o)}: metadata.namespace is ${o.metadata.namespace}`),
      ...objects.filter((o) => o.kind === 'Namespace').map((o) => `${ref(o)}: a Namespace object`),
    ],
  },
];

// ---- References between objects --------------------------------------------------------------

const referenceRules = [
  {
    id: 'selectors-match',
    title: 'every Service, PodDisruptionBudget and NetworkPolicy selects pods that are in the render',
    check: (objects) => {
      const pods = workloads(objects);
      const out = [];
      for (const o of objects) {
        let selector;
        if (o.kind === 'Service' && o.spec?.selector) selector = { matchLabels: o.spec.selector };
        else if (o.kind === 'PodDisruptionBudget' || o.kind === 'NetworkPolicy') selector = o.spec?.[o.kind === 'NetworkPolicy' ? 'podSelector' : 'selector'];
        else continue;
        if (!pods.some((p) => matches(selector, p.labels))) out.push(`${ref(o)}: its selector matches no pod template`);
      }
      for (const { o, spec, labels } of pods) {
        if (!matches(o.spec?.selector, labels) && o.kind !== 'Pod' && !isBatch(o)) out.push(`${ref(o)}: spec.selector does not match its own pod template`);
        for (const t of spec.topologySpreadConstraints ?? []) {
          if (!matches(t.labelSelector, labels)) out.push(`${ref(o)}: topology spread on ${t.topologyKey} does not select its own pods`);
        }
      }
      return out;
    },
  },
  {
    id: 'service-ports',
    title: "every Service's targetPort is a port of the pods it selects",
    check: (objects) => objects.filter((o) => o.kind === 'Service' && o.spec?.selector).flatMap((svc) => {
      const pods = workloads(objects).filter((p) => matches({ matchLabels: svc.spec.selector }, p.labels));
      const ports = pods.flatMap((p) => (p.spec.containers ?? []).flatMap((c) => c.ports ?? []));
      return (svc.spec.ports ?? []).filter((sp) => {
        const target = sp.targetPort ?? sp.port;
        return !ports.some((cp) => (typeof target === 'number' ? cp.containerPort === target : cp.name === target));
      }).map((sp) => `${ref(svc)}: targetPort ${sp.targetPort ?? sp.port} is no container port of its pods`);
    }),
  },
  {
    id: 'names-resolve',
    title: 'ConfigMaps, ServiceAccounts and HPA targets that pods and HPAs name are in the render',
    check: (objects) => {
      const has = (kind, name) => objects.some((o) => o.kind === kind && o.metadata?.name === name);
      const out = [];
      for (const { o, spec } of workloads(objects)) {
        if (spec.serviceAccountName && !has('ServiceAccount', spec.serviceAccountName)) out.push(`${ref(o)}: ServiceAccount ${spec.serviceAccountName} is not in the render`);
        const cms = [];
        for (const v of spec.volumes ?? []) if (v.configMap && !v.configMap.optional) cms.push(v.configMap.name);
        for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
          for (const f of c.envFrom ?? []) if (f.configMapRef && !f.configMapRef.optional) cms.push(f.configMapRef.name);
          for (const e of c.env ?? []) {
            const k = e.valueFrom?.configMapKeyRef;
            if (k && !k.optional) cms.push(k.name);
          }
        }
        for (const name of cms) if (!has('ConfigMap', name)) out.push(`${ref(o)}: ConfigMap ${name} is not in the render`);
        // Volume mounts must name a volume of the pod.
        const volumes = new Set((spec.volumes ?? []).map((v) => v.name));
        for (const c of spec.containers ?? []) {
          for (const m of c.volumeMounts ?? []) if (!volumes.has(m.name)) out.push(`${ref(o)} container ${c.name}: mounts unknown volume ${m.name}`);
        }
      }
      for (const hpa of objects.filter((o) => o.kind === 'HorizontalPodAutoscaler')) {
        const t = hpa.spec?.scaleTargetRef ?? {};
        if (!has(t.kind, t.name)) out.push(`${ref(hpa)}: scale target ${t.kind}/${t.name} is not in the render`);
      }
      return out;
    },
  },
  {
    id: 'network-policies',
    title: 'every pod is under a default-deny NetworkPolicy for both ingress and egress',
    check: (objects) => {
      const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
      return workloads(objects).flatMap(({ o, labels }) => ['Ingress', 'Egress']
        .filter((type) => !policies.some((p) => matches(p.spec?.podSelector, labels) && policyTypes(p).includes(type)))
        .map((type) => `${ref(o)}: no NetworkPolicy restricts its ${type.toLowerCase()}`));
    },
  },
];

// ---- Rules for the service itself ----------------------------------------------------------

/** The service's Deployment and its main container, or a violation when they are missing. */
function theService(objects) {
  const d = objects.find((o) => o.kind === 'Deployment' && o.metadata?.name === SERVICE_NAME);
  const spec = d?.spec?.template?.spec;
  const c = spec?.containers?.[0];
  return { d, spec, c, labels: d?.spec?.template?.metadata?.labels ?? {}, missing: c ? [] : [`Deployment/${SERVICE_NAME} with a container is not in the render`] };
}

/** The port number a probe or named port resolves to in a container. */
function portNumber(c, port) {
  if (typeof port === 'number') return port;
  return (c.ports ?? []).find((p) => p.name === port)?.containerPort;
}

const serviceRules = [
  {
    id: 'service-availability',
    title: 'the service runs >= 2 replicas, rolls out with none unavailable, spreads over nodes, has an HPA (min >= 2) and a PDB',
    check: (objects) => {
      const { d, labels, missing } = theService(objects);
      if (missing.length) return missing;
      const out = [];
      if ((d.spec.replicas ?? 1) < 2) out.push(`${ref(d)}: replicas ${d.spec.replicas ?? 1} < 2`);
      const strategy = d.spec.strategy ?? {};
      if ((strategy.type ?? 'RollingUpdate') !== 'RollingUpdate') out.push(`${ref(d)}: strategy ${strategy.type}, not RollingUpdate`);
      const maxUnavailable = strategy.rollingUpdate?.maxUnavailable ?? '25%';
      if (!(maxUnavailable === 0 || maxUnavailable === '0%')) out.push(`${ref(d)}: rollingUpdate.maxUnavailable is ${maxUnavailable}, not 0`);
      const spread = d.spec.template.spec.topologySpreadConstraints ?? [];
      if (!spread.some((t) => t.topologyKey === 'kubernetes.io/hostname')) out.push(`${ref(d)}: no topology spread across nodes (kubernetes.io/hostname)`);
      const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec?.scaleTargetRef?.kind === 'Deployment' && o.spec?.scaleTargetRef?.name === SERVICE_NAME);
      if (!hpa) out.push(`${ref(d)}: no HorizontalPodAutoscaler targets it`);
      else if ((hpa.spec.minReplicas ?? 1) < 2) out.push(`${ref(hpa)}: minReplicas ${hpa.spec.minReplicas ?? 1} < 2`);
      else if (!(hpa.spec.metrics ?? []).some((m) => m.type === 'Resource' && m.resource?.name === 'cpu')) out.push(`${ref(hpa)}: no CPU metric`);
      if (!objects.some((o) => o.kind === 'PodDisruptionBudget' && matches(o.spec?.selector, labels))) out.push(`${ref(d)}: no PodDisruptionBudget selects its pods`);
      return out;
    },
  },
  {
    id: 'service-probes',
    title: 'startup and liveness probe /health/live, readiness /health/ready, all on port 8080',
    check: (objects) => {
      const { d, c, missing } = theService(objects);
      if (missing.length) return missing;
      const want = { startupProbe: '/health/live', livenessProbe: '/health/live', readinessProbe: '/health/ready' };
      return Object.entries(want).flatMap(([probe, path]) => {
        const get = c[probe]?.httpGet;
        if (!get) return [`${ref(d)}: ${probe} is not an HTTP GET`];
        return [
          ...(get.path === path ? [] : [`${ref(d)}: ${probe} checks ${get.path}, not ${path}`]),
          ...(portNumber(c, get.port) === SERVICE_PORT ? [] : [`${ref(d)}: ${probe} port ${get.port} is not ${SERVICE_PORT}`]),
        ];
      });
    },
  },
  {
    id: 'service-port',
    title: 'the container listens on 8080 (containerPort and ASPNETCORE_HTTP_PORTS agree)',
    check: (objects) => {
      const { d, c, missing } = theService(objects);
      if (missing.length) return missing;
      const out = [];
      if (!(c.ports ?? []).some((p) => p.containerPort === SERVICE_PORT)) out.push(`${ref(d)}: no containerPort ${SERVICE_PORT}`);
      const ports = containerEnv(c, objects).ASPNETCORE_HTTP_PORTS?.value;
      if (ports !== undefined && String(ports) !== String(SERVICE_PORT)) out.push(`${ref(d)}: ASPNETCORE_HTTP_PORTS is ${ports}, not ${SERVICE_PORT}`);
      return out;
    },
  },
  {
    id: 'service-writable-tmp',
    title: 'the read-only container gets a writable /tmp (emptyDir) and its cohorts at Cohorts__Directory',
    check: (objects) => {
      const { d, spec, c, missing } = theService(objects);
      if (missing.length) return missing;
      const out = [];
      const volume = (mountPath) => {
        const m = (c.volumeMounts ?? []).find((x) => x.mountPath === mountPath);
        return m && { mount: m, volume: (spec.volumes ?? []).find((v) => v.name === m.name) };
      };
      const tmp = volume('/tmp');
      if (!tmp?.volume?.emptyDir || tmp.mount.readOnly) out.push(`${ref(d)}: no writable emptyDir mounted at /tmp`);
      const dir = containerEnv(c, objects).Cohorts__Directory?.value;
      if (!dir) out.push(`${ref(d)}: Cohorts__Directory is not set`);
      else if (!volume(dir)?.volume) out.push(`${ref(d)}: nothing is mounted at Cohorts__Directory (${dir})`);
      return out;
    },
  },
  {
    id: 'service-graceful-shutdown',
    title: 'preStop is a sleep handler (no shell in the image) and terminationGracePeriodSeconds covers it plus Shutdown__Timeout',
    check: (objects) => {
      const { d, spec, c, missing } = theService(objects);
      if (missing.length) return missing;
      const out = [];
      const preStop = c.lifecycle?.preStop;
      if (!preStop?.sleep) out.push(`${ref(d)}: preStop is not a sleep handler${preStop?.exec ? ' (exec needs a shell and sleep, which the chiseled image lacks)' : ''}`);
      const pause = preStop?.sleep?.seconds ?? 0;
      const env = containerEnv(c, objects).Shutdown__Timeout;
      const timeout = env?.value === undefined ? DEFAULT_SHUTDOWN_TIMEOUT_SECONDS : timeSpanSeconds(env.value);
      if (Number.isNaN(timeout)) out.push(`${ref(d)}: Shutdown__Timeout ${env.value} is no TimeSpan (hh:mm:ss)`);
      const grace = spec.terminationGracePeriodSeconds ?? 30;
      const need = pause + timeout + PRESTOP_MARGIN_SECONDS;
      if (!Number.isNaN(timeout) && grace < need) {
        out.push(`${ref(d)}: terminationGracePeriodSeconds ${grace} < preStop ${pause} s + Shutdown__Timeout ${timeout} s + ${PRESTOP_MARGIN_SECONDS} s margin`);
      }
      return out;
    },
  },
  {
    id: 'service-dependencies',
    title: 'the Redis connection string comes from a Secret, and the pods may reach Redis, DNS and the collector',
    check: (objects) => {
      const { d, c, labels, missing } = theService(objects);
      if (missing.length) return missing;
      const out = [];
      const redis = containerEnv(c, objects).ConnectionStrings__Redis;
      if (!redis) out.push(`${ref(d)}: ConnectionStrings__Redis is not set`);
      else if (!redis.valueFrom?.secretKeyRef) out.push(`${ref(d)}: ConnectionStrings__Redis is not read from a Secret`);
      const egress = objects
        .filter((o) => o.kind === 'NetworkPolicy' && matches(o.spec?.podSelector, labels))
        .flatMap((p) => p.spec?.egress ?? []);
      const allows = (port) => egress.some((rule) => (rule.ports ?? []).some((p) => p.port === port));
      if (!allows(6379) && !allows(6380)) out.push(`${ref(d)}: no NetworkPolicy lets its pods reach Redis (6379/6380)`);
      if (!allows(53)) out.push(`${ref(d)}: no NetworkPolicy lets its pods reach DNS (53)`);
      const otlp = containerEnv(c, objects).OTEL_EXPORTER_OTLP_ENDPOINT?.value;
      if (otlp) {
        let url = null;
        try { url = new URL(otlp); } catch { out.push(`${ref(d)}: OTEL_EXPORTER_OTLP_ENDPOINT ${otlp} is no URL`); }
        const port = url && Number(url.port || (url.protocol === 'https:' ? 443 : 80));
        if (port && !allows(port)) out.push(`${ref(d)}: no NetworkPolicy lets its pods reach the collector (${otlp})`);
      }
      return out;
    },
  },
];

export const rules = [...workloadRules, ...referenceRules, ...serviceRules];

/** { id: [violations] } for every rule. */
export function evaluate(objects) {
  return Object.fromEntries(rules.map((r) => [r.id, r.check(objects)]));
}
