// Opt-in (scripts/check-deploy.sh --image, 1-3 minutes): build the service with the Dockerfile's
// own commands and start it the way the image and the Kubernetes base would, then probe it and stop
// it with SIGTERM. Needs the service's code (Program.cs and its endpoints) on the branch.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { kustomize, parseObjects, repoRoot } from '../lib/render.mjs';
import { emulateImage } from '../lib/emulate.mjs';
import { containerEnv, timeSpanSeconds } from '../lib/policy.mjs';

const freePort = () => new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});
const get = async (port, p) => {
  const res = await fetch(`http://127.0.0.1:${port}${p}`, { signal: AbortSignal.timeout(5000) });
  return { status: res.status, body: await res.text() };
};

/** The base's service container and the environment it gets (Secrets and the downward API stood in for). */
function podEnvironment() {
  const objects = parseObjects(kustomize(path.join(repoRoot, 'k8s')));
  const container = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'readiness-api').spec.template.spec.containers[0];
  const env = {};
  for (const [name, e] of Object.entries(containerEnv(container, objects))) {
    if (e.value !== undefined) env[name] = String(e.value).replace(/\$\((\w+)\)/g, (m, k) => env[k] ?? m);
    else if (e.valueFrom?.fieldRef) env[name] = `emulated-${e.valueFrom.fieldRef.fieldPath.replace(/\W/g, '-')}`;
    else env[name] = '(from a Secret)';
  }
  return { env, container };
}

describe('the image, emulated without a Docker engine', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-image-'));
  const pod = podEnvironment();
  let image, child, port, exit;
  const output = [];

  before(async () => {
    image = emulateImage({ root: repoRoot, work });
    port = await freePort();
    const closed = await freePort();   // nothing listens there: Redis and the collector are unreachable
    const cohorts = path.join(work, 'cohorts');   // the (empty) cohorts ConfigMap mount
    fs.mkdirSync(cohorts);
    const runEnv = {
      // The apphost finds the runtime through DOTNET_ROOT, as it finds the image's in /usr/share/dotnet.
      PATH: '/usr/bin:/bin', HOME: '/home/app', DOTNET_ROOT: path.dirname(fs.realpathSync(execFileSync('which', ['dotnet'], { encoding: 'utf8' }).trim())),
      ...image.env, ...pod.env,
      ASPNETCORE_HTTP_PORTS: String(port),       // 8080 may be taken on a shared machine
      Cohorts__Directory: cohorts,
      ConnectionStrings__Redis: `127.0.0.1:${closed}`,
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${closed}`,
    };
    // As the image's non-root user, so the published files (owned by root) are read-only to it.
    const [uid, gid = uid] = image.user.split(':');
    fs.chmodSync(work, 0o755);
    child = spawn('setpriv', [`--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', ...image.entrypoint], { cwd: image.appDir, env: runEnv });
    child.stdout.on('data', (d) => output.push(String(d)));
    child.stderr.on('data', (d) => output.push(String(d)));
    exit = new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() })));
  });

  after(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    fs.rmSync(work, { recursive: true, force: true });
  });

  test('starts within the startup probe budget and answers /health/live', async () => {
    const budget = pod.container.startupProbe.periodSeconds * pod.container.startupProbe.failureThreshold * 1000;
    const started = Date.now();
    for (;;) {
      try { if ((await get(port, '/health/live')).status === 200) break; } catch { /* not up yet */ }
      if (child.exitCode !== null) assert.fail(`the service exited with ${child.exitCode}:\n${output.join('')}`);
      if (Date.now() - started > budget) assert.fail(`not live after ${budget} ms:\n${output.join('')}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  });

  test('/health/ready is 200 with Redis unreachable (Degraded, not unready)', async () => {
    assert.equal((await get(port, '/health/ready')).status, 200);
  });

  test('/metrics serves Prometheus text', async () => {
    const res = await get(port, '/metrics');
    assert.equal(res.status, 200);
    assert.match(res.body, /^# (TYPE|HELP) /m);
  });

  test('SIGTERM: exits 0 within Shutdown__Timeout', async () => {
    const limit = (timeSpanSeconds(pod.env.Shutdown__Timeout) + 5) * 1000;
    const sent = Date.now();
    child.kill('SIGTERM');
    const result = await Promise.race([exit, new Promise((r) => setTimeout(() => r(null), limit))]);
    assert.ok(result, `still running ${limit} ms after SIGTERM`);
    assert.equal(result.code, 0, `exit ${result.code} ${result.signal ?? ''}:\n${output.join('')}`);
    assert.ok(result.at - sent < limit);
  });
});
