// The shipped Grafana dashboard on a real Prometheus (Debian's package): lints /metrics with
// `promtool check metrics`, has Prometheus scrape the started service every second while scripted traffic
// runs (scores, a batch, sensitivity runs, rankings, a burst of 400s, 404s and 405s, then its own Redis
// killed and restarted), and evaluates every expression of deploy/grafana/readiness-dashboard.json through
// Prometheus's HTTP API. Each must return data, error-type panels must read 0 (never "no data") when
// nothing failed, and the panels must move the way the traffic did. Loopback only; everything it starts
// (redis-server, the service, Prometheus) is stopped at the end, and a watchdog ends the run after 150 s.
//   node tests/consumers/prometheus.mjs          (scripts/checks/prometheus.sh runs it)
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort, root, startService } from './service.mjs';

const NAME = 'prometheus';
const JOB = 'readiness-api';
const SCRAPE_SECONDS = 1;
// What Grafana puts in $__rate_interval for this scrape interval: four scrapes.
const RATE_INTERVAL = `${4 * SCRAPE_SECONDS}s`;

let passed = 0;
let failed = 0;
const check = (ok, what, why = '') => {
  if (ok) { passed++; console.log(`  ok   ${what}`); } else { failed++; console.log(`  FAIL ${what}${why ? `: ${why}` : ''}`); }
  return ok;
};

const work = mkdtempSync(join(tmpdir(), 'readiness-prometheus-'));
const children = [];
/** Starts a process of ours; it is killed at the end of the run whatever happens. */
function run(command, args) {
  const child = spawn(command, args, { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  child.exited = new Promise((ok) => child.on('exit', ok));
  child.output = () => output;
  children.push(child);
  return child;
}
async function killAll() {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
  await Promise.all(children.map((c) => c.exited));
}
const watchdog = setTimeout(async () => {
  console.log(`  FAIL the run finished within 150 s`);
  console.log(`${NAME}: ${passed} passed, ${failed + 1} failed`);
  await killAll();
  process.exit(1);
}, 150_000);
watchdog.unref();

async function waitFor(what, probe, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await probe()) return true;
    } catch { /* not yet */ }
    if (Date.now() > deadline) throw new Error(`${what} within ${timeoutMs} ms`);
    await sleep(100);
  }
}

// ---- Redis of our own, on a free loopback port (never the suite's shared one) ------------------------
const redisPort = await freePort();
let redis;
async function startRedis() {
  redis = run('redis-server', ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no']);
  await waitFor('redis-server answered', () =>
    spawnSync('redis-cli', ['-p', String(redisPort), 'ping'], { encoding: 'utf8' }).stdout.trim() === 'PONG', 10_000);
}

// ---- Traffic -----------------------------------------------------------------------------------------
const inputs = { innovation: 18.5, implementation: 33, investment: 9, computeAccess: 6 };
const json = (body) => ({ method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
const clientMs = [];
let base;
async function send(path, init, expected) {
  const started = performance.now();
  const r = await fetch(base + path, { ...init, signal: AbortSignal.timeout(30_000) });
  await r.arrayBuffer();
  if (r.status !== expected) throw new Error(`${init?.method ?? 'GET'} ${path} answered ${r.status}, not ${expected}`);
  return performance.now() - started;
}
const score = async () => clientMs.push(await send('/v1/scores', json({ country: 'RUS', inputs }), 200));
const badScore = () => send('/v1/scores', json({ country: 'rus', inputs }), 400);
const ranking = () => send('/v1/cohorts/example-pillars/ranking', undefined, 200);
const sensitivity = (seed) => send('/v1/sensitivity', json({
  methodology: 'readiness-v1', draws: 200, seed,
  items: [{ country: 'RUS', inputs }, { country: 'DEU', inputs: { innovation: 40, implementation: 60, investment: 30, computeAccess: 70 } }],
}), 200);
/** A score whose body arrives in two halves `holdMs` apart: in flight, deterministically, across several scrapes. */
const slowScore = (holdMs) => {
  const body = new TextEncoder().encode(JSON.stringify({ country: 'RUS', inputs }));
  const half = body.length >> 1;
  const stream = new ReadableStream({
    async start(controller) {
      controller.enqueue(body.subarray(0, half));
      await sleep(holdMs);
      controller.enqueue(body.subarray(half));
      controller.close();
    },
  });
  return send('/v1/scores', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: stream, duplex: 'half' }, 200);
};
const batch = () => send('/v1/scores/batch', {
  method: 'POST', headers: { 'Content-Type': 'text/csv' },
  body: 'country,innovation,implementation,investment,computeAccess\nRUS,18.5,33,9,6\nDEU,40,60,30,70\nXXX,1,1,1,1\n',
}, 200);

/** Runs the loops for `seconds`: each loop repeats its request with a pause, so the rate stays modest. */
async function phase(seconds, loops) {
  const end = Date.now() + seconds * 1000;
  await Promise.all(loops.map(async ([request, pauseMs]) => {
    while (Date.now() < end) {
      await request();
      await sleep(pauseMs);
    }
  }));
}

// ---- Prometheus --------------------------------------------------------------------------------------
let prom;
async function query(expr, start, end) {
  const params = new URLSearchParams({ query: expr, start: String(start / 1000), end: String(end / 1000), step: '1' });
  const r = await fetch(`${prom}/api/v1/query_range?${params}`, { signal: AbortSignal.timeout(30_000) });
  const body = await r.json();
  if (body.status !== 'success') throw new Error(`${body.errorType}: ${body.error}`);
  // [{ labels, points: [[ms, value]] }]
  return body.data.result.map((s) => ({ labels: s.metric, points: s.values.map(([t, v]) => [t * 1000, Number(v)]) }));
}
const between = (series, from, to) => series.flatMap((s) => s.points.filter(([t, v]) => t >= from && t <= to && !Number.isNaN(v)).map(([, v]) => v));
const max = (values) => values.length ? Math.max(...values) : NaN;
const min = (values) => values.length ? Math.min(...values) : NaN;
const median = (values) => { const v = [...values].sort((a, b) => a - b); return v.length ? v[Math.floor(v.length / 2)] : NaN; };
const fmt = (x) => (Number.isNaN(x) ? 'no data' : Number(x.toPrecision(3)).toString());

let service;
try {
  await startRedis();
  service = await startService({
    settings: {
      ConnectionStrings__Redis: `127.0.0.1:${redisPort}`,
      // The traffic below comes from one address at a few hundred requests a second; 429s would blur the 4xx burst.
      RateLimiting__Enabled: 'false',
    },
  });
  base = service.baseUrl;

  // Warm up, so that /metrics carries every kind of series, then lint it.
  await score();
  await badScore();
  await ranking();
  const metricsText = await (await fetch(`${base}/metrics`)).text();
  const lint = spawnSync('promtool', ['check', 'metrics'], { input: metricsText, encoding: 'utf8' });
  // promtool exits 3 for lint findings and 1 for text it cannot parse. The runtime and process
  // instrumentations name a few gauges and counters "*.count" after OpenTelemetry's semantic conventions;
  // the lint's "_count is for histograms" finding is expected for exactly those and none else.
  const semconvCounts = new Set(['dotnet_assembly_count', 'dotnet_process_cpu_count', 'dotnet_timer_count',
    'process_thread_count', 'process_unix_file_descriptor_count']);
  const findings = `${lint.stdout}${lint.stderr}`.split('\n').filter((l) => l.trim());
  const unexpected = findings.filter((l) => !(semconvCounts.has(l.split(' ')[0]) && l.includes('should not have "_count" suffix')));
  check(lint.status === 0 || (lint.status === 3 && unexpected.length === 0), 'promtool check metrics: /metrics parses, no lint finding beyond the semantic-convention *_count names',
    `exit ${lint.status}: ${unexpected.join('; ')}`);

  const promPort = await freePort();
  prom = `http://127.0.0.1:${promPort}`;
  writeFileSync(join(work, 'prometheus.yml'), [
    'global:',
    `  scrape_interval: ${SCRAPE_SECONDS}s`,
    `  scrape_timeout: ${SCRAPE_SECONDS}s`,
    'scrape_configs:',
    `  - job_name: ${JOB}`,
    '    static_configs:',
    `      - targets: ['${new URL(base).host}']`,
    '',
  ].join('\n'));
  const prometheus = run('prometheus', ['--config.file', join(work, 'prometheus.yml'), '--storage.tsdb.path', join(work, 'data'),
    '--web.listen-address', `127.0.0.1:${promPort}`, '--storage.tsdb.retention.time', '1h']);
  await waitFor('Prometheus became ready', async () => (await fetch(`${prom}/-/ready`)).ok, 30_000)
    .catch((e) => { throw new Error(`${e.message}\n${prometheus.output()}`); });
  await waitFor('Prometheus scraped the service', async () =>
    (await query(`up{job="${JOB}"}`, Date.now() - 2000, Date.now())).some((s) => s.points.some(([, v]) => v === 1)), 15_000);

  // The script: t marks when each phase began.
  const t = { start: Date.now() };
  const scores = [[score, 2], [score, 2]];
  await batch();
  await phase(8, [...scores, [ranking, 100], [() => sensitivity(1), 300]]);
  t.burst = Date.now();
  await phase(4, [...scores, [badScore, 0], [badScore, 0],
    [() => send('/no/such/path', undefined, 404), 20], [() => send('/v1/scores', { method: 'DELETE' }, 405), 20]]);
  t.calm = Date.now();
  await batch();
  t.slow = Date.now();
  await Promise.all([slowScore(3000), phase(4, [...scores, [ranking, 100], [() => sensitivity(2), 300]])]);
  t.outage = Date.now();
  redis.kill('SIGKILL');
  await redis.exited;
  let seed = 100;
  await phase(10, [...scores, [ranking, 100], [() => sensitivity(seed++), 300]]);
  t.restart = Date.now();
  await startRedis();
  await waitFor('the service saw Redis again', async () =>
    /readiness_cache_redis_available\{[^}]*\} 1/.test(await (await fetch(`${base}/metrics`)).text()), 20_000);
  t.recovered = Date.now();
  await phase(5, [...scores, [ranking, 100], [() => sensitivity(3), 300]]);
  t.idle = Date.now();
  await sleep(6_000);
  t.end = Date.now();
  console.log(`  (traffic: ${clientMs.length} scores, client-side median ${fmt(median(clientMs))} ms; outage ${((t.restart - t.outage) / 1000).toFixed(1)} s, Redis back after ${((t.recovered - t.restart) / 1000).toFixed(1)} s)`);

  // ---- Every dashboard expression, as Grafana would send it ----------------------------------------
  const dashboard = JSON.parse(readFileSync(join(root, 'deploy/grafana/readiness-dashboard.json'), 'utf8'));
  const panels = dashboard.panels.flatMap((p) => [p, ...(p.panels ?? [])]).filter((p) => p.targets);
  const range = `${Math.ceil((t.end - t.start) / 1000) + 10}s`;
  const promql = (expr) => expr.replaceAll('$job', JOB).replaceAll('$__rate_interval', RATE_INTERVAL).replaceAll('$__range', range);
  const results = new Map();
  for (const panel of panels) {
    for (const target of panel.targets) {
      const key = `${panel.title} ${target.refId}`;
      let series = [];
      try {
        series = await query(promql(target.expr), t.start, t.end);
      } catch (e) {
        check(false, `${key}: Prometheus evaluates it`, e.message);
        continue;
      }
      results.set(key, { series, expr: target.expr });
      check(between(series, t.start, t.end).length > 0, `${key}: returns data`, promql(target.expr));
    }
  }
  const values = (key, from, to) => between(results.get(key)?.series ?? [], from, to);
  const windowAfter = (ms) => ms + 4_000 * SCRAPE_SECONDS + 1_000;   // a rate over four scrapes has caught up

  // The job picker lists the service.
  const jobs = await query(`target_info{job="${JOB}",service_name="readiness-api"}`, t.start, t.end);
  check(jobs.length > 0, 'Job variable: target_info{service_name="readiness-api"} names the job');

  // HTTP: routes as the contract writes them; sub-millisecond latency read as it is.
  const routes = new Set((results.get('Request rate A')?.series ?? []).map((s) => s.labels.http_route));
  check(routes.has('/v1/scores') && [...routes].every((r) => !r.endsWith('/')), 'Request rate: routes are the contract\'s paths (/v1/scores, no trailing slash)', [...routes].join(', '));
  const p50Scores = await query(promql(dashboard.panels.find((p) => p.title === 'Latency p50 / p95 / p99').targets[0].expr)
    .replace('http_route=~"/v1/.*"', 'http_route="/v1/scores"'), t.start, t.end);
  const p50 = median(between(p50Scores, windowAfter(t.start), t.burst));
  check(p50 < 0.002, `Latency p50 (the panel's query for /v1/scores) below 2 ms: ${fmt(p50 * 1000)} ms`);
  const p99 = median(values('Latency p50 / p95 / p99 C', windowAfter(t.start), t.burst));
  check(p99 > p50, `Latency p99 above p50 (${fmt(p99 * 1000)} ms): the buckets separate percentiles`);

  // Errors: the 4xx share rises during the burst; unrouted 404s and 405s show; 5xx reads 0, never "no data".
  const share4xxBefore = max(values('Error rate B', windowAfter(t.start), t.burst));
  const share4xxBurst = max(values('Error rate B', t.burst, t.calm + 2000));
  check(share4xxBurst > 0.3 && share4xxBurst > share4xxBefore + 0.2,
    `Error rate 4xx rises during the burst: ${fmt(share4xxBefore)} before, ${fmt(share4xxBurst)} during`);
  const steps = Math.floor((t.end - t.start) / 1000);
  const everyStep = (key) => values(key, t.start, t.end).length >= steps;
  const fiveXx = values('Error rate A', t.start, t.end);
  check(everyStep('Error rate A') && fiveXx.every((v) => v === 0), `Error rate 5xx reads 0 at every step (${fiveXx.length} of ${steps + 1}), none failed`);
  for (const [key, what] of [['Unrouted requests A', '404s on unknown paths'], ['Unrouted requests B', '405s']]) {
    check(max(values(key, windowAfter(t.start), t.burst)) === 0 && max(values(key, t.burst, t.calm + 2000)) > 0 && everyStep(key),
      `Unrouted requests: ${what} 0 before the burst, rising during it, never no data`);
  }
  const held = min(values('Requests in flight A', t.slow + 1000, t.slow + 2500));
  check(held >= 1, `Requests in flight counts the request held open for 3 s: at least ${fmt(held)} at every scrape meanwhile`);
  const idle = values('Requests in flight A', t.idle + 3000, t.end);
  check(idle.length > 0 && idle.every((v) => v === 0), `Requests in flight reads 0 when idle, the scrape leaving itself out: ${[...new Set(idle)].join(', ')}`);

  // Redis: availability 1 → 0 → 1, the outage counted, bypasses a share of lookups, hit ratio falling.
  check(min(values('Redis available A', t.start, t.outage - 1000)) === 1, 'Redis available reads 1 before the outage');
  check(max(values('Redis available A', t.outage + 2000, t.restart)) === 0, 'Redis available reads 0 during the outage');
  check(values('Redis available A', t.recovered + 2000, t.end).every((v) => v === 1), 'Redis available reads 1 again after Redis restarted');
  check(max(values('Redis outages A', t.start, t.outage - 1000)) === 0 && max(values('Redis outages A', t.outage + 3000, t.end)) === 1,
    'Redis outages counts 0 before the outage and 1 after it');
  const bypassBefore = max(values('Redis bypass share A', windowAfter(t.start), t.outage - 1000));
  const bypassDuring = max(values('Redis bypass share A', windowAfter(t.outage), t.restart));
  check(bypassBefore === 0 && bypassDuring > 0.5 && everyStep('Redis bypass share A'),
    `Redis bypass share: ${fmt(bypassBefore)} before the outage, ${fmt(bypassDuring)} during it, never no data`);
  const ratio = (from, to) => between((results.get('Cache hit ratio A')?.series ?? []).filter((s) => s.labels.readiness_cache_kind === 'ranking'), from, to);
  const hitsBefore = max(ratio(windowAfter(t.start), t.outage - 1000));
  const hitsDuring = min(ratio(windowAfter(t.outage), t.restart));
  check(hitsBefore > 0.5 && hitsDuring === 0, `Cache hit ratio (ranking) falls during the outage: ${fmt(hitsBefore)} before, ${fmt(hitsDuring)} during`);
  check(['A', 'B', 'C', 'D'].every((r) => everyStep(`Cache lookups ${r}`)), 'Cache lookups: hits, misses, bypasses and errors never no data');
  check(max(values('Cache lookups C', windowAfter(t.outage), t.restart)) > 0, 'Cache lookups: bypasses rise during the outage');

  // Batch and sensitivity: the rows, the failed row, the durations.
  const batchErrors = results.get('Batch row errors/s A')?.series ?? [];
  check(everyStep('Batch row errors/s A') && batchErrors.some((s) => s.labels.readiness_batch_format === 'csv' && s.points.some(([, v]) => v > 0)),
    'Batch row errors/s: the bad csv row shows, never no data');
  check(max(values('Batch rows/s A', t.start, t.end)) > 0, 'Batch rows/s rises with the batches');
  const batchP50 = max(values('Batch duration p50 / p95 A', t.start, t.end));
  check(batchP50 > 0 && batchP50 < 1, `Batch duration p50 reads a few milliseconds, not the first bucket's bound: ${fmt(batchP50 * 1000)} ms`);
  check(max(values('Monte Carlo draws/s A', t.start, t.end)) > 0, 'Monte Carlo draws/s rises with the analyses');
} catch (e) {
  check(false, 'the scripted run completed', `${e.stack ?? e}\n${service?.log().slice(-3000) ?? ''}`);
} finally {
  await service?.stop();
  await killAll();
  rmSync(work, { recursive: true, force: true });
  clearTimeout(watchdog);
}

console.log(`${NAME}: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
