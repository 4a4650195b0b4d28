// The Dockerfile and .dockerignore: the real ones pass every rule; each broken variant fails the
// rule that guards against it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from '../lib/render.mjs';
import { checkDockerfile, checkRepository, dockerignore, projectClosure } from '../lib/dockerfile.mjs';

const dockerfile = fs.readFileSync(path.join(repoRoot, 'Dockerfile'), 'utf8');
const ignore = fs.readFileSync(path.join(repoRoot, '.dockerignore'), 'utf8');

describe('the repository Dockerfile', () => {
  const result = checkRepository(repoRoot);
  for (const [rule, violations] of Object.entries(result)) {
    test(`dockerfile ${rule}`, () => assert.deepEqual(violations, []));
  }
  test('the restore layer knows every project the service references', () => {
    assert.deepEqual(projectClosure(repoRoot).sort(), ['src/ReadinessApi.Scoring/ReadinessApi.Scoring.csproj', 'src/ReadinessApi/ReadinessApi.csproj']);
  });
});

/** Replaces one exact piece of the real Dockerfile, failing loudly if the piece is gone. */
const edit = (from, to) => {
  assert.ok(dockerfile.includes(from), `the Dockerfile no longer contains ${JSON.stringify(from)}`);
  return dockerfile.replace(from, to);
};
const runtimeFrom = 'FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble-chiseled AS final';
const sdkFrom = 'FROM --platform=$BUILDPLATFORM mcr.microsoft.com/dotnet/sdk:10.0-noble AS build';

/** [what is broken, Dockerfile text, .dockerignore text, rule id, message pattern] */
const broken = [
  ['a misspelt instruction', () => edit('WORKDIR /source', 'WORKDRI /source'), ignore, 'parses', /Unknown instruction: WORKDRI/],
  ['a single stage', () => dockerfile.slice(dockerfile.indexOf(runtimeFrom)), ignore, 'multi-stage', /1 stage/],
  ['a runtime image with a shell', () => edit(runtimeFrom, 'FROM mcr.microsoft.com/dotnet/aspnet:10.0-noble AS final'), ignore, 'multi-stage', /not a chiseled/],
  ['the latest tag', () => edit(sdkFrom, 'FROM mcr.microsoft.com/dotnet/sdk:latest AS build'), ignore, 'base-images-pinned', /uses the latest tag/],
  ['an untagged base image', () => edit(runtimeFrom, 'FROM mcr.microsoft.com/dotnet/aspnet AS final'), ignore, 'base-images-pinned', /has no tag/],
  ['source copied before the restore', () => edit('COPY --link global.json', 'COPY --link src/ src/\nCOPY --link global.json'), ignore, 'restore-layer', /src\/ is copied before the restore/],
  ['a referenced project left out of the restore layer', () => edit('COPY --link src/ReadinessApi.Scoring/ReadinessApi.Scoring.csproj src/ReadinessApi.Scoring/\n', ''), ignore, 'restore-layer', /ReadinessApi.Scoring.csproj is not copied before the restore/],
  ['a publish that restores again', () => edit(' --no-restore', ''), ignore, 'restore-layer', /add --no-restore/],
  ['running as root', () => edit('USER $APP_UID', 'USER root'), ignore, 'runtime-stage', /runs as root/],
  ['no USER', () => edit('USER $APP_UID\n', ''), ignore, 'runtime-stage', /sets no USER/],
  ['a shell-form ENTRYPOINT', () => edit('ENTRYPOINT ["./ReadinessApi"]', 'ENTRYPOINT ./ReadinessApi'), ignore, 'runtime-stage', /shell form/],
  ['a RUN in the runtime stage', () => edit('USER $APP_UID', 'RUN chmod -R a-w /app\nUSER $APP_UID'), ignore, 'runtime-stage', /RUN in the runtime stage/],
  ['a HEALTHCHECK with curl', () => edit('EXPOSE 8080', 'EXPOSE 8080\nHEALTHCHECK CMD curl -f http://localhost:8080/health/live'), ignore, 'runtime-stage', /HEALTHCHECK needs a shell/],
  ['another port', () => edit('EXPOSE 8080', 'EXPOSE 80'), ignore, 'runtime-stage', /does not EXPOSE 8080/],
  ['source copied into the runtime image', () => edit('COPY --link --from=build /app .', 'COPY --link --from=build /app .\nCOPY src/ /src/'), ignore, 'runtime-stage', /copies from the build context/],
  ['a .dockerignore that lets bin/ and obj/ in', () => dockerfile, ignore.replace('**/bin\n', '').replace('**/obj\n', ''), 'dockerignore', /obj\/project.assets.json would be sent/],
  ['a .dockerignore that leaves out what is copied', () => dockerfile, `${ignore}\nDirectory.Packages.props\n`, 'dockerignore', /Directory.Packages.props is excluded by .dockerignore but copied/],
  ['no .dockerignore', () => dockerfile, null, 'dockerignore', /no .dockerignore/],
];

describe('each Dockerfile rule fails on the Dockerfile it guards against', () => {
  for (const [what, text, ignoreText, rule, pattern] of broken) {
    test(`${rule} catches ${what}`, () => {
      const violations = checkDockerfile({ dockerfile: text(), ignore: ignoreText, root: repoRoot })[rule];
      assert.ok(violations.some((v) => pattern.test(v)), `expected ${pattern} among ${JSON.stringify(violations)}`);
    });
  }

  test('invariant-globalization catches a chiseled runtime without InvariantGlobalization', () => {
    // A copy of the project files with the setting taken out of Directory.Build.props.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'readiness-dockerfile-'));
    try {
      for (const f of ['Directory.Build.props', ...projectClosure(repoRoot)]) {
        fs.mkdirSync(path.join(root, path.dirname(f)), { recursive: true });
        fs.writeFileSync(path.join(root, f), fs.readFileSync(path.join(repoRoot, f), 'utf8').replace(/<InvariantGlobalization>true<\/InvariantGlobalization>/, ''));
      }
      const violations = checkDockerfile({ dockerfile, ignore, root })['invariant-globalization'];
      assert.ok(violations.some((v) => /has no ICU/.test(v)), JSON.stringify(violations));
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('the fixture Dockerfile breaks nearly every rule at once', () => {
    const text = fs.readFileSync(new URL('./fixtures/Dockerfile.broken', import.meta.url), 'utf8');
    const result = checkDockerfile({ dockerfile: text, ignore: '', root: repoRoot });
    for (const rule of ['multi-stage', 'base-images-pinned', 'restore-layer', 'runtime-stage', 'dockerignore']) {
      assert.ok(result[rule].length > 0, `${rule} reported nothing`);
    }
  });
});

describe('.dockerignore matching', () => {
  const excluded = dockerignore('*\n!src\n**/bin\n!src/keep/bin\n');
  test('exceptions and nested patterns, last match wins', () => {
    assert.ok(excluded('README.md'));
    assert.ok(!excluded('src/A/Program.cs'));
    assert.ok(excluded('src/A/bin/Release/a.dll'));
    assert.ok(!excluded('src/keep/bin/x'));
  });
});
