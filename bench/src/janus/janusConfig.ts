import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NS_ADDRESS } from './netns.js';

const LIB_DIR = '/usr/lib/x86_64-linux-gnu/janus';
export const JANUS_HTTP_PORT = 8088;
export const JANUS_BASE_PATH = '/janus';
const CONFIG_DIR_PREFIX = 'huddle-bench-janus-';

/** What a generated configuration needs to be started with. */
export type JanusConfig = { dir: string; mainConfig: string; logFile: string };

/**
 * Writes a minimal Janus configuration into a fresh temp dir: only the VideoRoom plugin and the plain HTTP
 * transport (bound to the namespace address, admin API off), no event handlers, no external loggers, ICE
 * limited to the namespace's veth address, low log level. /etc/janus is not read at all.
 */
export function writeJanusConfig(): JanusConfig {
  const dir = mkdtempSync(join(tmpdir(), `${CONFIG_DIR_PREFIX}${process.pid}-`));
  const mainConfig = join(dir, 'janus.jcfg');
  writeFileSync(
    mainConfig,
    `general: {
  configs_folder = "${dir}"
  plugins_folder = "${LIB_DIR}/plugins"
  transports_folder = "${LIB_DIR}/transports"
  events_folder = "${LIB_DIR}/events"
  loggers_folder = "${LIB_DIR}/loggers"
  # 3 = warnings and errors: Janus's default (4) logs every join, which costs CPU at 200 subscribers.
  debug_level = 3
  debug_timestamps = true
  debug_colors = false
  server_name = "huddle-bench"
  # The address put in SDP c= lines: without it Janus, finding no address it likes, says 127.0.0.1.
  interface = "${NS_ADDRESS}"
}
media: {
  ipv6 = false
  rtp_port_range = "20000-40000"
}
nat: {
  nice_debug = false
  # Advertise only the veth address: Janus would otherwise also offer eth0's, which the bots cannot reach.
  ice_enforce_list = "${NS_ADDRESS}"
  full_trickle = false
  ignore_mdns = true
}
plugins: {
  disable = "${othersIn('plugins', 'libjanus_videoroom.so')}"
}
transports: {
  disable = "${othersIn('transports', 'libjanus_http.so')}"
}
events: {
  broadcast = false
  disable = "${othersIn('events')}"
}
loggers: {
  disable = "${othersIn('loggers')}"
}
`,
  );
  writeFileSync(
    join(dir, 'janus.transport.http.jcfg'),
    `general: {
  json = "plain"
  base_path = "${JANUS_BASE_PATH}"
  http = true
  port = ${JANUS_HTTP_PORT}
  # Reachable from the host over the veth only: nothing outside this machine can reach the namespace.
  ip = "${NS_ADDRESS}"
  https = false
}
admin: {
  admin_http = false
  admin_https = false
}
`,
  );
  // Rooms are created through the API by the harness, so the plugin's config has none.
  writeFileSync(join(dir, 'janus.plugin.videoroom.jcfg'), 'general: {\n}\n');
  return { dir, mainConfig, logFile: join(dir, 'janus.log') };
}

/** Comma-separated module names in a Janus lib folder, except `keep`: Janus loads every *.so it is not told to skip. */
function othersIn(folder: string, keep?: string): string {
  return readdirSync(join(LIB_DIR, folder))
    .filter((name) => name.endsWith('.so') && name !== keep)
    .join(',');
}

/** Removes config dirs (and Janus logs) of runs whose process is gone: a crashed run cannot remove its own. */
export function removeStaleJanusConfigs(): void {
  for (const entry of readdirSync(tmpdir())) {
    const owner = new RegExp(`^${CONFIG_DIR_PREFIX}(\\d+)-`).exec(entry)?.[1];
    if (owner !== undefined && !existsSync(`/proc/${owner}`))
      rmSync(join(tmpdir(), entry), { recursive: true, force: true });
  }
}
