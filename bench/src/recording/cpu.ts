// npm run bench:recording [-- --participants N --seconds S]: CPU of recording on this machine, printed as a table.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { recordingSchema } from '@huddle/shared';
import { descendantsOf } from '@huddle/services';
import { callApi, joinParticipant, startSfu, type LocalSfu, type Participant } from '@huddle/testkit';
import { CLOCK_TICKS_PER_SECOND, readProcStat } from '../measure/procTree.js';

const { values } = parseArgs({
  options: { participants: { type: 'string', default: '2' }, seconds: { type: 'string', default: '20' } },
});
const participants = Number(values.participants);
const seconds = Number(values.seconds);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const commandLine = (pid: number): string => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
};
const ticks = (pids: readonly number[]): number =>
  pids.reduce((sum, pid) => sum + (readProcStat(pid)?.cpuTicks ?? 0), 0);
/** The SFU's processes by role: itself, its mediasoup workers, its ffmpegs writing tracks, its composer. */
function roles(sfu: LocalSfu): Record<'node' | 'workers' | 'tracks' | 'composer', number[]> {
  const children = descendantsOf(sfu.pid).map((pid) => ({ pid, command: commandLine(pid) }));
  return {
    node: [sfu.pid],
    workers: children.filter((child) => child.command.includes('mediasoup-worker')).map((child) => child.pid),
    tracks: children.filter((child) => child.command.includes('.webm.sdp')).map((child) => child.pid),
    composer: children.filter((child) => child.command.includes('composed.mp4.part')).map((child) => child.pid),
  };
}
/** % of one core each role used over `windowMs`. */
async function sample(sfu: LocalSfu, windowMs: number): Promise<Record<string, number>> {
  const before = roles(sfu);
  const start = Object.fromEntries(Object.entries(before).map(([role, pids]) => [role, ticks(pids)]));
  await sleep(windowMs);
  return Object.fromEntries(
    Object.entries(before).map(([role, pids]) => [
      role,
      ((ticks(pids) - (start[role] ?? 0)) / CLOCK_TICKS_PER_SECOND / (windowMs / 1000)) * 100,
    ]),
  );
}

const sfu = await startSfu({ workers: 1, env: { HUDDLE_RECORDINGS_MIN_FREE_MB: '100' } });
const bots: Participant[] = [];
try {
  process.stdout.write(`recording CPU: ${participants} participants (VP8 640x360 + Opus each), ${seconds} s\n`);
  for (let index = 0; index < participants; index += 1) {
    bots.push(
      await joinParticipant(sfu.url, 'bench', {
        kind: 'lightweight',
        name: `p${index}`,
        publish: ['mic', 'camera'],
        publishOptions: { simulcast: false },
      }),
    );
  }
  await sleep(3_000);
  process.stdout.write('measuring the call without recording…\n');
  const idle = await sample(sfu, seconds * 500);
  const started = recordingSchema.parse((await sfu.admin.post('/rooms/bench/recordings', {})) as unknown);
  await sleep(2_000);
  process.stdout.write('measuring the call while it records…\n');
  const recording = await sample(sfu, seconds * 1000);
  const tracks = roles(sfu).tracks.length;
  await sfu.admin.post(`/recordings/${started.id}/stop`, {});
  process.stdout.write('composing…\n');
  const composeStart = Date.now();
  let composerTicks = 0;
  let composer: number[] = [];
  for (;;) {
    const now = roles(sfu).composer;
    if (now.length > 0) composer = now;
    composerTicks = Math.max(composerTicks, ticks(composer));
    const reply = await callApi(sfu.url, 'GET', `/recordings/${started.id}`, { bearer: sfu.admin.token });
    const state = recordingSchema.parse(reply.body).state;
    if (state !== 'processing' && state !== 'recording') break;
    await sleep(100);
  }
  const composeS = (Date.now() - composeStart) / 1000;
  const composerCpuS = composerTicks / CLOCK_TICKS_PER_SECOND;
  const row = (name: string, value: number): string => `| ${name} | ${value.toFixed(1)} |\n`;
  process.stdout.write('\n| what | % of one core |\n| --- | --- |\n');
  process.stdout.write(row('mediasoup worker, call only', idle.workers ?? 0));
  process.stdout.write(row('mediasoup worker, call + recording consumers', recording.workers ?? 0));
  process.stdout.write(row('SFU Node process, call only', idle.node ?? 0));
  process.stdout.write(row('SFU Node process, recording (relay of every track)', recording.node ?? 0));
  process.stdout.write(row(`ffmpeg, all ${tracks} track writers`, recording.tracks ?? 0));
  process.stdout.write(row('ffmpeg, per track writer', (recording.tracks ?? 0) / Math.max(1, tracks)));
  process.stdout.write(
    `\ncomposing ${seconds + 2} s of recording (1280x720 25 fps H.264 + AAC): ${composeS.toFixed(1)} s wall, ` +
      `${composerCpuS.toFixed(1)} s of CPU (${((composerCpuS / (seconds + 2)) * 100).toFixed(0)} % of a core per recorded second)\n`,
  );
} finally {
  await Promise.all(bots.map((bot) => bot.leave()));
  await sfu.stop();
}
// Participants' native WebRTC stacks keep handles open: end the run explicitly.
process.exit(0);
