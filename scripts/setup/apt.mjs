// Debian packages Huddle needs: installed by setup when running as root, otherwise the exact command is printed.
import { capture, run } from './run.mjs';
import { SetupError, info, step } from './log.mjs';

// Building mediasoup's worker from source against Debian's libraries (see scripts/mediasoup/README.md).
export const workerBuildPackages = [
  'meson',
  'ninja-build',
  'pkg-config',
  'g++',
  'libssl-dev',
  'libuv1-dev',
  'libsrtp2-dev',
  'libusrsctp-dev',
  'libabsl-dev',
  'nlohmann-json3-dev',
];

// Browser tests drive Debian's Chromium through playwright-core (never a downloaded browser); the test kit's
// lightweight publishers send VP8/Opus that ffmpeg encodes.
export const browserTestPackages = ['chromium', 'ffmpeg'];

// Tests start Debian's own Redis, PostgreSQL, HAProxy and coturn themselves (@huddle/services: foreground children
// on their own ports and data dirs, never the system services), and drive Firefox ESR through puppeteer-core.
export const serviceTestPackages = ['redis-server', 'postgresql', 'haproxy', 'coturn', 'firefox-esr'];

// The benchmark also runs Janus (the peer SFU) in a network namespace (iproute2) and shapes links with nftables.
export const benchPackages = ['janus', 'ffmpeg', 'iproute2', 'nftables'];

// The network benchmark shapes a namespace's veth pair (iproute2's tc), filters its UDP (nftables) and runs
// Chromium participants on both sides.
export const networkBenchPackages = ['chromium', 'nftables', 'iproute2'];

async function missingPackages(packages) {
  const missing = [];
  for (const name of packages) {
    const { code, output } = await capture('dpkg-query', ['-W', '-f=${Status}', name]);
    if (code !== 0 || !output.includes('install ok installed')) missing.push(name);
  }
  return missing;
}

export async function ensurePackages(packages) {
  const missing = await missingPackages(packages);
  if (missing.length === 0) return;
  const command = `apt-get install -y ${missing.join(' ')}`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    throw new SetupError(
      'debian packages',
      `missing ${missing.join(', ')}. Run as root:\n\n  sudo apt-get update && sudo ${command}\n\nthen run this command again.`,
    );
  }
  step(`Installing Debian packages: ${missing.join(' ')} (apt-get, may take a few minutes)`);
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  if ((await run('apt-get', ['update', '-q'], { env })) !== 0) {
    throw new SetupError('debian packages', 'apt-get update failed (see its output above)');
  }
  if ((await run('apt-get', ['install', '-y', '-q', ...missing], { env })) !== 0) {
    throw new SetupError('debian packages', `"${command}" failed (see its output above)`);
  }
  const still = await missingPackages(missing);
  if (still.length > 0) throw new SetupError('debian packages', `still missing after install: ${still.join(', ')}`);
  info(`installed ${missing.join(' ')}`);
}

export async function packageVersions(packages) {
  const versions = {};
  for (const name of packages) {
    const { output } = await capture('dpkg-query', ['-W', '-f=${Version}', name]);
    versions[name] = output.trim();
  }
  return versions;
}
