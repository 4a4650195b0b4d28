// Starts the real service (the Release build, as scripts/test.sh builds it) on a free loopback port, waits
// for /health/live, and stops it again. Shared by the checks that need a running service.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

export function freePort() {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.unref();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => ok(port));
    });
  });
}

/** Starts the service; resolves to { baseUrl, stop(), log() } once /health/live answers 200. `settings` are
 *  configuration overrides in environment-variable form (e.g. { ApiKeys__Enabled: 'true' }). */
export async function startService({ timeoutMs = 60_000, settings = {} } = {}) {
  const dll = process.env.READINESS_API_DLL ?? join(root, 'src/ReadinessApi/bin/Release/net10.0/ReadinessApi.dll');
  if (!existsSync(dll)) {
    throw new Error(`${dll} does not exist: build it first (dotnet build src/ReadinessApi -c Release), as scripts/test.sh does.`);
  }
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const env = { ...process.env, ASPNETCORE_ENVIRONMENT: process.env.ASPNETCORE_ENVIRONMENT ?? 'Production', DOTNET_NOLOGO: '1' };
  // With the Redis that scripts/test.sh started, the service runs as deployed; without one, on its in-memory cache.
  if (process.env.REDIS_CONNECTION && !env.ConnectionStrings__Redis) env.ConnectionStrings__Redis = process.env.REDIS_CONNECTION;
  // The cohort the document's examples use (src/ReadinessApi/Cohorts/CohortExamples.cs), as a deployment mounts one.
  env.Cohorts__Directory ??= join(root, 'tests/consumers/cohorts');
  // Only that cohort and the stated clubs, so each listing answers exactly its documented example; the built-in
  // reference data (open-readiness, World Bank groups) have their own tests (WorkedExampleTests, CohortStartupTests).
  env.Cohorts__BuiltIn ??= 'false';
  Object.assign(env, settings);
  let output = '';
  const child = spawn('dotnet', [dll, '--urls', baseUrl], {
    // The build output is the content root, as in a deployment: appsettings.json is read from there.
    cwd: dirname(dll), env, stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  let exited = null;
  const exit = new Promise((ok) => child.on('exit', (code, signal) => { exited = { code, signal }; ok(); }));

  const stop = async () => {
    if (exited) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exit;
    clearTimeout(timer);
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) throw new Error(`the service exited (${JSON.stringify(exited)}) before /health/live answered:\n${output}`);
    try {
      const r = await fetch(`${baseUrl}/health/live`, { signal: AbortSignal.timeout(2_000) });
      if (r.status === 200) break;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`/health/live did not answer 200 within ${timeoutMs} ms:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return { baseUrl, stop, log: () => output };
}

/** Runs fn with a started service and stops it afterwards, also on failure or Ctrl-C. */
export async function withService(fn, settings = {}) {
  const service = await startService({ settings });
  const onSignal = () => { service.stop().finally(() => process.exit(130)); };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await fn(service);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await service.stop();
  }
}
