// Swagger UI in a real headless Chromium (Debian's /usr/bin/chromium driven by playwright-core) against the
// real service: the page loads, lists every operation of the served document, and "Try it out" on
// POST /v1/scores with the preselected example answers 200 with the documented body. With API keys off (the
// default) the page shows no Authorize button and no lock; from a service with keys on, it shows both.
// Screenshots go to artifacts/swagger-ui/.
//   node tests/consumers/swagger-ui.mjs          (scripts/checks/swagger-ui.sh runs it)
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { chromium } from 'playwright-core';
import { root, withService } from './service.mjs';

const NAME = 'swagger-ui';
const artifacts = join(root, 'artifacts', 'swagger-ui');
const verbs = ['get', 'put', 'post', 'delete', 'patch'];
let passed = 0;
let failed = 0;
const check = (ok, what, why = '') => {
  if (ok) { passed++; console.log(`  ok   ${what}`); } else { failed++; console.log(`  FAIL ${what}${why ? `: ${why}` : ''}`); }
  return ok;
};

mkdirSync(artifacts, { recursive: true });
const profile = mkdtempSync(join(tmpdir(), 'readiness-chromium-'));
const launch = () => chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
  viewport: { width: 1280, height: 900 },
});
try {
  await withService(async ({ baseUrl }) => {
    const doc = await (await fetch(`${baseUrl}/swagger/v1/swagger.json`)).json();
    const operations = Object.entries(doc.paths).flatMap(([path, item]) =>
      verbs.filter((v) => item[v]).map((verb) => ({ path, verb, ...item[verb] })));

    const context = await launch();
    try {
      // The page may talk to the service on loopback only; anything else is refused (and reported).
      const outside = [];
      await context.route('**/*', (route) => {
        const url = new URL(route.request().url());
        if (url.hostname === '127.0.0.1' || url.protocol === 'data:') return route.continue();
        outside.push(url.href);
        return route.abort();
      });
      const page = context.pages()[0] ?? await context.newPage();
      const errors = [];
      page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
      page.on('console', (m) => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });

      const response = await page.goto(`${baseUrl}/swagger/index.html`, { waitUntil: 'load', timeout: 30_000 });
      const loaded = check(response?.status() === 200, 'the page loads', `status ${response?.status()}`);
      if (loaded) {
        await page.locator('.opblock').first().waitFor({ timeout: 30_000 }).catch(() => {});
        check(await page.locator('.info .title').textContent().then((t) => t?.includes(doc.info.title)),
          `the title shows "${doc.info.title}"`);
        for (const op of operations) {
          const id = `#operations-${op.tags?.[0] ?? 'default'}-${op.operationId}`;
          const block = page.locator(id);
          const shown = await block.count() === 1
            && (await block.locator('.opblock-summary-path').first().getAttribute('data-path')) === op.path
            && (await block.locator('.opblock-summary-method').first().textContent())?.toLowerCase() === op.verb;
          check(shown, `lists ${op.verb.toUpperCase()} ${op.path} (${op.operationId})`);
        }
        check(await page.locator('.opblock').count() === operations.length,
          `lists exactly the ${operations.length} operations of the document`, `${await page.locator('.opblock').count()} shown`);
        await page.screenshot({ path: join(artifacts, 'operations.png'), fullPage: true });

        // Try it out: POST /v1/scores with the example Swagger UI preselects (the document's first, "ok").
        const score = operations.find((o) => o.operationId === 'ScoreCountry');
        const media = score.requestBody.content['application/json'];
        const [firstName, firstExample] = Object.entries(media.examples)[0];
        const documented = score.responses['200'].content['application/json'].examples[firstName]?.value;
        const block = page.locator('#operations-Scores-ScoreCountry');
        await block.locator('.opblock-summary').first().click();
        await block.locator('button.try-out__btn').click();
        const body = block.locator('textarea.body-param__text');
        await body.waitFor({ timeout: 10_000 });
        let sent;
        try { sent = JSON.parse(await body.inputValue()); } catch { sent = undefined; }
        check(isDeepStrictEqual(sent, firstExample.value), `"Try it out" fills in the request example '${firstName}'`);
        const answered = page.waitForResponse((r) => r.url() === `${baseUrl}/v1/scores` && r.request().method() === 'POST', { timeout: 30_000 });
        await block.locator('button.execute').click();
        const live = await answered.catch(() => null);
        check(live?.status() === 200, '"Execute" answers 200', `status ${live?.status()}`);
        const status = block.locator('.live-responses-table .response .response-col_status').first();
        await status.waitFor({ timeout: 10_000 }).catch(() => {});
        check((await status.textContent().catch(() => ''))?.trim() === '200', 'the page shows the 200');
        const shownBody = await block.locator('.live-responses-table .response-col_description pre').first().textContent().catch(() => '');
        let shown;
        try { shown = JSON.parse(shownBody); } catch { shown = undefined; }
        check(isDeepStrictEqual(shown, documented), 'the page shows the documented 200 body',
          shown === undefined ? `not JSON: ${shownBody?.slice(0, 200)}` : 'it differs from the example');
        await block.locator('.live-responses-table').first().scrollIntoViewIfNeeded();
        await page.screenshot({ path: join(artifacts, 'try-it-out.png') });
        await block.screenshot({ path: join(artifacts, 'try-it-out-operation.png') });
      }
      if (loaded) {
        // API keys are off by default: nothing on the page may suggest a key is needed.
        check(await page.locator('.auth-wrapper .authorize').count() === 0, 'keys off: no Authorize button');
        check(await page.locator('.opblock .authorization__btn').count() === 0, 'keys off: no lock on any operation');
      }
      check(errors.length === 0, 'no script errors on the page', errors.join('; '));
      check(outside.length === 0, 'the page requests nothing outside the service', outside.join(', '));
    } finally {
      await context.close();
    }
  });

  // The same page from a service with API keys on: the Authorize button, and a lock on every /v1 operation.
  const keys = {
    ApiKeys__Enabled: 'true',
    ApiKeys__Keys__0__Name: 'swagger-ui-check',
    ApiKeys__Keys__0__Hash: createHash('sha256').update('swagger-ui-check-key').digest('hex'),
  };
  await withService(async ({ baseUrl }) => {
    const doc = await (await fetch(`${baseUrl}/swagger/v1/swagger.json`)).json();
    const guarded = Object.entries(doc.paths).filter(([path]) => path.startsWith('/v1'))
      .flatMap(([, item]) => verbs.filter((v) => item[v])).length;
    const context = await launch();
    try {
      await context.route('**/*', (route) => (new URL(route.request().url()).hostname === '127.0.0.1' ? route.continue() : route.abort()));
      const page = context.pages()[0] ?? await context.newPage();
      await page.goto(`${baseUrl}/swagger/index.html`, { waitUntil: 'load', timeout: 30_000 });
      await page.locator('.opblock').first().waitFor({ timeout: 30_000 }).catch(() => {});
      check(await page.locator('.auth-wrapper .authorize').count() === 1, 'keys on: the Authorize button shows');
      const locks = await page.locator('.opblock .authorization__btn').count();
      check(guarded > 0 && locks === guarded, `keys on: a lock on each of the ${guarded} /v1 operations`, `${locks} locks`);
      await page.screenshot({ path: join(artifacts, 'keys-on.png') });
    } finally {
      await context.close();
    }
  }, keys);
} catch (e) {
  check(false, 'the browser check ran', e.stack ?? String(e));
} finally {
  rmSync(profile, { recursive: true, force: true });
}

console.log(`screenshots: ${artifacts}/{operations,try-it-out,try-it-out-operation,keys-on}.png`);
console.log(`${NAME}: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
