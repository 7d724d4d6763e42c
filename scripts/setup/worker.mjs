// Builds mediasoup's C++ worker from the npm package's own sources against Debian's libraries, offline,
// and caches the binary outside the clone, keyed by mediasoup version + library versions + our build files.
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { cp, mkdir, readFile, readdir, rename, rm, writeFile, copyFile, chmod } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { cacheDir, localStateDir, repoRoot, workerPointerFile } from './paths.mjs';
import { packageVersions, workerBuildPackages } from './apt.mjs';
import { capture, run } from './run.mjs';
import { SetupError, elapsed, info, step } from './log.mjs';

const subprojectsDir = join(repoRoot, 'scripts', 'mediasoup', 'subprojects');

// pkg-config modules the local subprojects ask for, and the Debian package that provides each.
const pkgConfigModules = {
  libssl: 'libssl-dev',
  libcrypto: 'libssl-dev',
  libuv: 'libuv1-dev',
  libsrtp2: 'libsrtp2-dev',
  usrsctp: 'libusrsctp-dev',
  nlohmann_json: 'nlohmann-json3-dev',
  absl_flat_hash_map: 'libabsl-dev',
  absl_btree: 'libabsl-dev',
  absl_strings: 'libabsl-dev',
  absl_str_format: 'libabsl-dev',
  absl_optional: 'libabsl-dev',
  absl_variant: 'libabsl-dev',
};
const buildCommands = { meson: 'meson', ninja: 'ninja-build', 'pkg-config': 'pkg-config', 'c++': 'g++' };

function mediasoupDir() {
  const require = createRequire(join(repoRoot, 'apps', 'sfu', 'package.json'));
  try {
    return dirname(require.resolve('mediasoup/package.json'));
  } catch {
    throw new SetupError('mediasoup worker', 'mediasoup is not installed in apps/sfu (pnpm install did not complete)');
  }
}

async function filesDigest(dir) {
  const hash = createHash('sha256');
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath ?? entry.path, entry.name))
    .sort();
  for (const file of files) {
    hash.update(relative(dir, file));
    hash.update(await readFile(file));
  }
  return hash.digest('hex');
}

async function cacheKey(version) {
  const versions = await packageVersions(workerBuildPackages);
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ version, versions, arch: process.arch }));
  hash.update(await filesDigest(subprojectsDir));
  return hash.digest('hex').slice(0, 12);
}

async function checkToolchain() {
  for (const [command, debianPackage] of Object.entries(buildCommands)) {
    const { code } = await capture(command, ['--version']);
    if (code !== 0) {
      throw new SetupError(
        'mediasoup worker: toolchain',
        `"${command}" not found; install Debian package ${debianPackage}`,
      );
    }
  }
  for (const [module, debianPackage] of Object.entries(pkgConfigModules)) {
    const { code } = await capture('pkg-config', ['--exists', module]);
    if (code !== 0) {
      throw new SetupError(
        'mediasoup worker: libraries',
        `pkg-config module ${module} not found; install Debian package ${debianPackage}`,
      );
    }
  }
}

async function prepareSources(sourceDir, buildDir) {
  await rm(buildDir, { recursive: true, force: true });
  await cp(join(sourceDir, 'worker'), join(buildDir, 'worker'), { recursive: true });
  const subprojects = join(buildDir, 'worker', 'subprojects');
  for (const name of await readdir(subprojects)) {
    if (name.endsWith('.wrap')) await rm(join(subprojects, name));
  }
  await cp(subprojectsDir, subprojects, { recursive: true });
  // Debian bookworm ships meson 1.0.1; the worker builds with it once the release's 1.1.0 pin is relaxed.
  const mesonFile = join(buildDir, 'worker', 'meson.build');
  const original = await readFile(mesonFile, 'utf8');
  const relaxed = original.replace(/meson_version:\s*'>=\s*1\.1\.0'/, "meson_version: '>= 1.0.0'");
  await writeFile(mesonFile, relaxed);
}

async function runLogged(stepName, command, args, cwd, logLines, onLine) {
  const code = await run(command, args, {
    cwd,
    onLine: (line) => {
      logLines.push(line);
      onLine?.(line);
    },
  });
  if (code !== 0) {
    const tail = logLines.slice(-40).join('\n');
    throw new SetupError(
      `mediasoup worker: ${stepName}`,
      `"${command} ${args.join(' ')}" exited with ${code}\n${tail}`,
    );
  }
}

function ninjaProgress(startedAt) {
  let lastShown = -1;
  return (line) => {
    const match = /^\[(\d+)\/(\d+)\]/.exec(line);
    if (!match) return;
    const percent = Math.floor((Number(match[1]) / Number(match[2])) * 100);
    const bucket = Math.floor(percent / 10);
    if (bucket > lastShown) {
      lastShown = bucket;
      info(`compiling ${match[1]}/${match[2]} (${percent} %), ${elapsed(startedAt)}`);
    }
  };
}

async function build(sourceDir, target, key) {
  const buildDir = join(cacheDir, `build-${key}`);
  const startedAt = Date.now();
  const log = [];
  step(`Building the mediasoup worker from source (about 5 minutes on 2 cores; cached afterwards in ${cacheDir})`);
  await checkToolchain();
  await prepareSources(sourceDir, buildDir);
  const workerDir = join(buildDir, 'worker');
  info('meson setup');
  await runLogged('meson setup', 'meson', ['setup', '--buildtype=release', 'out'], workerDir, log);
  await runLogged('compile', 'ninja', ['-C', 'out', 'mediasoup-worker'], workerDir, log, ninjaProgress(startedAt));
  const built = join(workerDir, 'out', 'mediasoup-worker');
  const staged = `${target}.partial-${process.pid}`;
  await copyFile(built, staged);
  await chmod(staged, 0o755);
  await rename(staged, target);
  await rm(buildDir, { recursive: true, force: true });
  info(`built ${target} in ${elapsed(startedAt)}`);
}

export async function ensureWorker() {
  const sourceDir = mediasoupDir();
  const { version } = JSON.parse(await readFile(join(sourceDir, 'package.json'), 'utf8'));
  const key = await cacheKey(version);
  const target = join(cacheDir, `mediasoup-worker-${version}-${key}`);
  await mkdir(cacheDir, { recursive: true });
  if (existsSync(target)) {
    info(`mediasoup worker ${version}: cached (${target})`);
  } else {
    await build(sourceDir, target, key);
  }
  await mkdir(localStateDir, { recursive: true });
  await writeFile(workerPointerFile, `${JSON.stringify({ bin: target, version }, null, 2)}\n`);
  return target;
}
