import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { VethNamespace } from '../netns.js';
import { progress } from '../progress.js';
import { linkKbps, type LinkShaper } from './linkShaper.js';

export type CapCheck = { direction: 'down' | 'up'; nominalKbps: number; measuredKbps: number };

const BLAST = fileURLToPath(new URL('./udpBlast.ts', import.meta.url));
/** The discard port: nothing listens, the datagrams only have to cross the link. */
const DISCARD_PORT = 9;
const OVERLOAD = 3;
const BLAST_SECONDS = 4;
/** Skip the start: the bucket's burst and the queue filling up. */
const SETTLE_MS = 1000;
const MEASURE_MS = 2500;

/**
 * Offers OVERLOAD × the cap as UDP across the veth pair (host → namespace for a downlink cap, namespace → host for
 * an uplink cap) and measures what the host end's counters see pass: the cap as it really holds.
 */
export async function checkCap(
  shaper: LinkShaper,
  net: VethNamespace,
  direction: CapCheck['direction'],
  nominalKbps: number,
): Promise<CapCheck> {
  await shaper.apply(direction === 'down' ? { downKbps: nominalKbps } : { upKbps: nominalKbps });
  try {
    // Under tsx, execArgv carries its loader: the blaster runs as TypeScript like this script.
    const node = [process.execPath, ...process.execArgv, BLAST];
    const args = [
      direction === 'down' ? net.nsAddress : net.hostAddress,
      String(DISCARD_PORT),
      String(nominalKbps * OVERLOAD),
      String(BLAST_SECONDS),
    ];
    const command = direction === 'down' ? node : ['ip', 'netns', 'exec', net.namespace, ...node];
    const [file, ...rest] = command;
    const child = spawn(file ?? process.execPath, [...rest, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
    const before = shaper.bytes();
    await new Promise((resolve) => setTimeout(resolve, MEASURE_MS));
    const after = shaper.bytes();
    const code = await exited;
    if (code !== 0) throw new Error(`the UDP blaster exited with ${code}: ${stderr.trim()}`);
    const rates = linkKbps(before, after);
    const measuredKbps = direction === 'down' ? rates.downKbps : rates.upKbps;
    progress('cap.check', { direction, nominal: nominalKbps, measured: Math.round(measuredKbps) });
    return { direction, nominalKbps, measuredKbps };
  } finally {
    await shaper.clear();
  }
}
