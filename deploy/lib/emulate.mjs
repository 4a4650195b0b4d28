// The nearest thing to `docker build` + `docker run` without a Docker engine: carry out the
// Dockerfile's build stage on this machine (its COPYs from a build context filtered by
// .dockerignore, its RUNs with the same arguments, absolute paths moved under a scratch folder), then
// start the published service the way the runtime stage would (its entrypoint, in its workdir, as
// its non-root user) with the settings the Kubernetes base renders. It checks the Dockerfile's
// commands and the manifests' settings against the real service; it cannot check the base images.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { argumentsOf as args, dockerignore, flag, stagesOf } from './dockerfile.mjs';

export const CHISELED_APP_UID = 1654;   // $APP_UID in the chiseled ASP.NET images

/** Copies the files of root that .dockerignore lets into the build context. */
function buildContext(root, into) {
  const ignoreFile = path.join(root, '.dockerignore');
  const excluded = dockerignore(fs.existsSync(ignoreFile) ? fs.readFileSync(ignoreFile, 'utf8') : '');
  const walk = (rel) => {
    for (const e of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) { if (!['.git', 'node_modules'].includes(e.name)) walk(r); } else if (!excluded(r)) {
        fs.mkdirSync(path.join(into, rel), { recursive: true });
        fs.copyFileSync(path.join(root, r), path.join(into, r));
      }
    }
  };
  walk('');
}

/** Docker's COPY: a directory source copies its contents; a file lands in dest/ or at dest. */
function copy(src, dest, intoDir) {
  if (!fs.existsSync(src)) throw new Error(`COPY: ${src} is not in the build context`);
  if (fs.statSync(src).isDirectory()) fs.cpSync(src, dest, { recursive: true });
  else {
    const target = intoDir ? path.join(dest, path.basename(src)) : dest;
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(src, target);
  }
}

/**
 * Runs the Dockerfile's first stage under work/ and returns how the last stage would start:
 * { appDir, entrypoint: [..], user, env, log }.
 */
export function emulateImage({ root, work }) {
  const df = DockerfileParser.parse(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8'));
  const stages = stagesOf(df);
  const [build, final] = [stages[0], stages.at(-1)];
  const context = path.join(work, 'context');
  const fsRoot = path.join(work, 'fs');
  buildContext(root, context);
  const at = (p) => path.join(fsRoot, p);
  const arch = { x64: 'amd64', arm64: 'arm64' }[process.arch] ?? process.arch;
  const env = { TARGETARCH: arch, TARGETOS: 'linux', TARGETPLATFORM: `linux/${arch}`, BUILDPLATFORM: `linux/${arch}` };
  // Absolute paths the build stage uses (its workdirs, and what the last stage copies out of it).
  const absolute = new Set(build.instructions.filter((i) => i.getKeyword() === 'WORKDIR').map((i) => args(i)[0]));
  for (const i of final.instructions) if (i.getKeyword() === 'COPY' && flag(i, 'from') === build.name) for (const s of args(i).slice(0, -1)) absolute.add(s);
  const log = [];
  let workdir = '/';
  for (const ins of build.instructions) {
    const a = args(ins);
    switch (ins.getKeyword()) {
      case 'WORKDIR':
        workdir = path.posix.resolve(workdir, a[0]);
        fs.mkdirSync(at(workdir), { recursive: true });
        break;
      case 'ARG': case 'ENV':
        for (const kv of a) { const [k, ...v] = kv.split('='); if (v.length && !(k in env)) env[k] = v.join('='); }
        break;
      case 'COPY': case 'ADD': {
        const dest = path.posix.resolve(workdir, a.at(-1));
        const sources = a.slice(0, -1);
        for (const s of sources) copy(path.join(context, s), at(dest), a.at(-1).endsWith('/') || sources.length > 1);
        break;
      }
      case 'RUN': {
        let command = ins.getArgumentsContent();
        for (const p of [...absolute].sort((x, y) => y.length - x.length)) {
          command = command.replace(new RegExp(`(^|[\\s=])${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?=$|[\\s/])`, 'g'), `$1${at(p)}`);
        }
        log.push(`RUN ${command}`);
        log.push(execFileSync('bash', ['-ec', command], { cwd: at(workdir), env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }));
        break;
      }
      default:
        break;
    }
  }
  // The last stage: where the service starts and as whom.
  const runtime = { env: {}, user: null, entrypoint: null, appDir: null };
  let finalWorkdir = '/';
  for (const ins of final.instructions) {
    const a = args(ins);
    if (ins.getKeyword() === 'WORKDIR') finalWorkdir = path.posix.resolve(finalWorkdir, a[0]);
    if (ins.getKeyword() === 'COPY' && flag(ins, 'from') === build.name && path.posix.resolve(finalWorkdir, a.at(-1)) === finalWorkdir) runtime.appDir = at(a[0]);
    if (ins.getKeyword() === 'ENV') for (const kv of a) { const [k, ...v] = kv.split('='); runtime.env[k] = v.join('='); }
    if (ins.getKeyword() === 'USER') runtime.user = ins.getArgumentsContent().replace(/\$\{?APP_UID\}?/, String(CHISELED_APP_UID));
    if (ins.getKeyword() === 'ENTRYPOINT') runtime.entrypoint = JSON.parse(ins.getArgumentsContent());
  }
  if (!runtime.appDir) throw new Error('the last stage copies no published output into its workdir');
  return { ...runtime, log: log.join('\n') };
}
