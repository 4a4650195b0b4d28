// Checks of the Dockerfile and .dockerignore, offline: dockerfile-utils' linter for syntax, then
// this project's rules (docs/deploy.md, "The image"), some of which read the projects themselves so
// the Dockerfile cannot drift from them (the restore layer must copy every project the service
// references; a chiseled runtime without ICU needs InvariantGlobalization).
import fs from 'node:fs';
import path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { validate } from 'dockerfile-utils';
import { parseImage } from './policy.mjs';

const SDK = 'mcr.microsoft.com/dotnet/sdk';
const RUNTIME = 'mcr.microsoft.com/dotnet/aspnet';
export const SERVICE_PROJECT = 'src/ReadinessApi/ReadinessApi.csproj';
// What the restore layer may copy: project files and build settings, never source.
const RESTORE_INPUT = /(^|\/)(global\.json|nuget\.config|Directory\.(Build|Packages)\.(props|targets)|\.editorconfig|[^/]+\.(cs|fs)proj|[^/]+\.slnx?)$/i;

// ---- .dockerignore ---------------------------------------------------------------------------

function globToRegex(pattern) {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i];
    if (ch === '*' && pattern[i + 1] === '*') { re += '.*'; i++; if (pattern[i + 1] === '/') i++; }
    else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** A predicate: is a context-relative path left out of the build context by this .dockerignore? */
export function dockerignore(text) {
  const patterns = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map((l) => {
    const negate = l.startsWith('!');
    const p = path.posix.normalize((negate ? l.slice(1) : l).trim()).replace(/^\/+|\/+$/g, '');
    return { negate, re: globToRegex(p) };
  });
  return (file) => {
    const parts = file.split('/');
    // A pattern that matches a directory matches everything in it.
    const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
    let excluded = false;
    for (const { negate, re } of patterns) if (candidates.some((c) => re.test(c))) excluded = !negate;
    return excluded;
  };
}

// ---- Projects ----------------------------------------------------------------------------------

/** The service project and every project it references, transitively, as repo-relative paths. */
export function projectClosure(root, project = SERVICE_PROJECT) {
  const seen = new Set();
  const visit = (p) => {
    if (seen.has(p)) return;
    seen.add(p);
    const file = path.join(root, p);
    if (!fs.existsSync(file)) return;
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/<ProjectReference\s+Include="([^"]+)"/g)) {
      visit(path.posix.normalize(path.posix.join(path.posix.dirname(p), m[1].replace(/\\/g, '/'))));
    }
  };
  visit(project);
  return [...seen];
}

function* walkFiles(root, dir) {
  if (!fs.existsSync(path.join(root, dir))) return;
  for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) { if (!['bin', 'obj'].includes(e.name)) yield* walkFiles(root, rel); } else yield rel;
  }
}

// ---- The Dockerfile ------------------------------------------------------------------------------

/** The stages of a parsed Dockerfile: { from (the FROM instruction), name, instructions }. */
export function stagesOf(df) {
  const stages = [];
  for (const ins of df.getInstructions()) {
    if (ins.getKeyword() === 'FROM') stages.push({ from: ins, name: ins.getBuildStage(), instructions: [] });
    else if (stages.length) stages.at(-1).instructions.push(ins);
  }
  return stages;
}

/** An instruction's arguments as written. */
export const argumentsOf = (ins) => ins.getArguments().map((a) => a.getValue());
/** COPY/ADD sources, without the destination. */
const copySources = (ins) => argumentsOf(ins).slice(0, -1);
/** The value of a flag such as --from, or undefined. */
export const flag = (ins, name) => (ins.getFlags?.() ?? []).find((f) => f.getName() === name)?.getValue();

/** { rule id: [violations] } for a Dockerfile and .dockerignore against the project tree at root. */
export function checkDockerfile({ dockerfile, ignore, root }) {
  const out = {};
  const add = (rule, msg) => (out[rule] ??= []).push(msg);
  for (const id of ['parses', 'multi-stage', 'base-images-pinned', 'restore-layer', 'runtime-stage', 'invariant-globalization', 'dockerignore']) out[id] = [];

  for (const d of validate(dockerfile)) {
    if (d.severity <= 2) add('parses', `line ${d.range.start.line + 1}: ${d.message}`);
  }
  const df = DockerfileParser.parse(dockerfile);
  const stages = stagesOf(df);
  const names = new Set(stages.map((s) => s.name).filter(Boolean));
  // ARGs declared before the first FROM, for images written with ${VAR}.
  const globalArgs = {};
  for (const ins of df.getInstructions()) {
    if (ins.getKeyword() === 'FROM') break;
    if (ins.getKeyword() === 'ARG') {
      const [k, v] = ins.getArgumentsContent().split('=');
      globalArgs[k.trim()] = v?.trim();
    }
  }
  const imageOf = (from) => {
    const raw = from.getArguments()[0]?.getValue() ?? '';
    return raw.replace(/\$\{?(\w+)\}?/g, (m, k) => globalArgs[k] ?? m);
  };

  if (stages.length < 2) add('multi-stage', `${stages.length} stage(s): build in an SDK stage and run in a separate runtime stage`);
  const build = stages[0];
  const final = stages.at(-1);
  if (!build || !final) return out;
  if (parseImage(imageOf(build.from)).name !== SDK) add('multi-stage', `the first stage builds FROM ${imageOf(build.from)}, not ${SDK}`);
  const runtimeImage = parseImage(imageOf(final.from));
  if (runtimeImage.name !== RUNTIME || !/chiseled/.test(runtimeImage.tag ?? '')) {
    add('multi-stage', `the final stage runs FROM ${imageOf(final.from)}, not a chiseled ${RUNTIME} image`);
  }

  for (const { from } of stages) {
    const image = imageOf(from);
    if (names.has(image)) continue;
    const { tag, digest } = parseImage(image);
    if (/\$/.test(image)) add('base-images-pinned', `line ${from.getRange().start.line + 1}: FROM ${image} cannot be resolved`);
    else if (digest) continue;
    else if (!tag) add('base-images-pinned', `line ${from.getRange().start.line + 1}: FROM ${image} has no tag (that means latest)`);
    else if (tag === 'latest') add('base-images-pinned', `line ${from.getRange().start.line + 1}: FROM ${image} uses the latest tag`);
  }

  // Restore layer: COPY project files, RUN dotnet restore, then COPY the source, publish --no-restore.
  const ins = build.instructions;
  const restoreAt = ins.findIndex((i) => i.getKeyword() === 'RUN' && /\bdotnet restore\b/.test(i.getArgumentsContent()));
  const publishAt = ins.findIndex((i) => i.getKeyword() === 'RUN' && /\bdotnet publish\b/.test(i.getArgumentsContent()));
  if (restoreAt < 0) add('restore-layer', 'no RUN dotnet restore in the build stage');
  if (publishAt < 0) add('restore-layer', 'no RUN dotnet publish in the build stage');
  if (restoreAt >= 0) {
    const before = ins.slice(0, restoreAt).filter((i) => ['COPY', 'ADD'].includes(i.getKeyword()));
    const copied = new Set();
    for (const c of before) {
      for (const src of copySources(c)) {
        if (!RESTORE_INPUT.test(src)) add('restore-layer', `line ${c.getRange().start.line + 1}: ${src} is copied before the restore, so any change to it re-runs the restore`);
        copied.add(path.posix.normalize(src));
      }
    }
    for (const needed of ['global.json', 'Directory.Build.props', 'Directory.Packages.props', ...projectClosure(root)]) {
      if (fs.existsSync(path.join(root, needed)) && !copied.has(needed)) add('restore-layer', `${needed} is not copied before the restore`);
    }
    const sourceAt = ins.findIndex((i, n) => n > restoreAt && i.getKeyword() === 'COPY' && copySources(i).some((s) => /^(\.|src\/?)$/.test(s)));
    if (sourceAt < 0) add('restore-layer', 'the source (src/) is not copied after the restore');
  }
  if (publishAt >= 0 && !/--no-restore\b/.test(ins[publishAt].getArgumentsContent())) add('restore-layer', 'dotnet publish restores again (add --no-restore)');
  if (publishAt >= 0 && restoreAt > publishAt) add('restore-layer', 'dotnet restore runs after dotnet publish');

  // Runtime stage: nothing to run at build time (no shell there), a non-root user, port 8080.
  for (const i of final.instructions) {
    const kw = i.getKeyword();
    const line = i.getRange().start.line + 1;
    if (kw === 'RUN') add('runtime-stage', `line ${line}: RUN in the runtime stage (a chiseled image has no shell; do it in the build stage)`);
    if (kw === 'HEALTHCHECK' && !/^NONE$/i.test(i.getArgumentsContent())) add('runtime-stage', `line ${line}: HEALTHCHECK needs a shell or curl; Kubernetes probes do this`);
    if ((kw === 'COPY' || kw === 'ADD') && !flag(i, 'from')) add('runtime-stage', `line ${line}: copies from the build context; copy only the published output from the build stage`);
    if ((kw === 'COPY' || kw === 'ADD') && flag(i, 'from') && !names.has(flag(i, 'from'))) add('runtime-stage', `line ${line}: copies from ${flag(i, 'from')}, not a stage of this file`);
  }
  const users = final.instructions.filter((i) => i.getKeyword() === 'USER');
  const user = users.at(-1)?.getArgumentsContent().split(':')[0].trim();
  if (!user) add('runtime-stage', 'the runtime stage sets no USER: name the non-root user ($APP_UID) so the image says how it runs');
  else if (user === 'root' || user === '0') add('runtime-stage', `the runtime stage runs as ${user}`);
  if (!final.instructions.some((i) => i.getKeyword() === 'EXPOSE' && /\b8080\b/.test(i.getArgumentsContent()))) add('runtime-stage', 'the runtime stage does not EXPOSE 8080');
  const entry = final.instructions.filter((i) => i.getKeyword() === 'ENTRYPOINT').at(-1);
  if (!entry) add('runtime-stage', 'no ENTRYPOINT in the runtime stage');
  else {
    let exec;
    try { exec = JSON.parse(entry.getArgumentsContent()); } catch { exec = null; }
    if (!Array.isArray(exec)) add('runtime-stage', 'ENTRYPOINT is in shell form (needs /bin/sh, and SIGTERM would reach the shell, not the service); use the JSON exec form');
  }
  for (const i of df.getInstructions()) {
    if (i.getKeyword() === 'ADD' && copySources(i).some((s) => /^https?:/.test(s))) add('runtime-stage', `line ${i.getRange().start.line + 1}: ADD from a URL (unpinned download); fetch in a RUN with a checksum`);
  }

  // A chiseled image without "-extra" has no ICU: the app must run in invariant globalization mode.
  if (/chiseled/.test(runtimeImage.tag ?? '') && !/extra/.test(runtimeImage.tag ?? '')) {
    const files = ['Directory.Build.props', ...projectClosure(root)].map((p) => path.join(root, p)).filter((p) => fs.existsSync(p));
    if (!files.some((f) => /<InvariantGlobalization>\s*true\s*<\/InvariantGlobalization>/i.test(fs.readFileSync(f, 'utf8')))) {
      add('invariant-globalization', `${runtimeImage.tag} has no ICU, but no project sets InvariantGlobalization=true (or use a -chiseled-extra tag)`);
    }
  }

  // .dockerignore: the build context holds what the COPYs need and none of bin/, obj/, .git, tests.
  if (ignore == null) add('dockerignore', 'no .dockerignore: the whole repository (bin/, obj/, .git) would go into the build context');
  else {
    const excluded = dockerignore(ignore);
    for (const p of ['.git/HEAD', 'src/ReadinessApi/bin/Release/net10.0/ReadinessApi.dll', 'src/ReadinessApi/obj/project.assets.json', 'tests/ReadinessApi.Tests/ReadinessApi.Tests.csproj', 'deploy/node_modules/yaml/package.json', 'artifacts/test-results/x.trx']) {
      if (!excluded(p)) add('dockerignore', `${p} would be sent to the build`);
    }
    for (const stage of stages) {
      for (const i of stage.instructions.filter((x) => ['COPY', 'ADD'].includes(x.getKeyword()) && !flag(x, 'from'))) {
        for (const src of copySources(i)) {
          const p = path.posix.normalize(src).replace(/\/$/, '');
          if (p !== '.' && excluded(p)) add('dockerignore', `line ${i.getRange().start.line + 1}: ${src} is excluded by .dockerignore but copied`);
        }
      }
    }
    for (const f of walkFiles(root, 'src')) if (excluded(f)) add('dockerignore', `${f} is excluded from the build`);
  }
  return out;
}

/** The repository's own Dockerfile and .dockerignore. */
export function checkRepository(root) {
  const read = (f) => (fs.existsSync(path.join(root, f)) ? fs.readFileSync(path.join(root, f), 'utf8') : null);
  const dockerfile = read('Dockerfile');
  if (dockerfile == null) return { parses: ['no Dockerfile at the repository root'] };
  return checkDockerfile({ dockerfile, ignore: read('.dockerignore'), root });
}
