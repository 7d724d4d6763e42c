// `npm run bench:meeting`: N participants each publishing simulcast and each watching all others, Huddle and
// Janus in the same run, each SFU under the same CPU quota. Writes bench/results/meeting.{md,json}.
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { runBench, writeReport } from '../benchRun.js';
import { cleanLeftovers } from '../leftovers.js';
import { progress } from '../progress.js';
import { parseMeetingArgs } from './args.js';
import { expectedKbps } from './grid.js';
import { HuddleMeeting } from './huddleMeeting.js';
import { JanusMeeting } from './janusMeeting.js';
import { JANUS_NETWORK } from '../janus/netns.js';
import { meetingMarkdown, type MeetingResults } from './report.js';
import { runMeeting, type MeetingOptions, type MeetingRun } from './steps.js';

const LAST_N = 25;
/** Participants whose microphone is open (the rest are muted, as in most big meetings); each ~32 kbit/s. */
const SPEAKERS = 2;
const AUDIO_KBPS = 32;
/**
 * The quotas' CFS period, as bench:webinar's: the quota stands for a smaller share of a core, and under the
 * kernel's 100 ms period a process at its quota runs half of each period and then stalls 50 ms at a time, which no
 * process on a core of its own does (its sockets overflow meanwhile).
 */
const DEFAULT_PERIOD_MS = 25;

async function main(): Promise<void> {
  const args = parseMeetingArgs(process.argv.slice(2));
  const startedAt = new Date();
  const resultsDir = fileURLToPath(new URL(args.quick ? '../../results/quick/' : '../../results/', import.meta.url));
  await cleanLeftovers({ networks: [JANUS_NETWORK] });
  const cpuQuota = args.quota ?? (args.quick ? 0.25 : 0.5);
  const sizes = args.sizes ?? (args.quick ? [3, 6] : [5, 10, 20, 30, 50]);
  const periodMs = args.periodMs ?? DEFAULT_PERIOD_MS;
  const options: MeetingOptions = {
    cpuQuota,
    cpuPeriodUs: periodMs * 1000,
    sizes,
    warmUpMs: args.quick ? 4_000 : 6_000,
    windowMs: args.quick ? 5_000 : 10_000,
    expectedKbps: (participants) => expectedKbps(participants, LAST_N, SPEAKERS, AUDIO_KBPS),
  };
  const runs: MeetingRun[] = [];
  if (args.only !== 'janus') {
    progress('phase', { name: 'meeting', sfu: 'huddle', quota: cpuQuota });
    runs.push(await runMeeting(new HuddleMeeting({ lastN: LAST_N, speakers: SPEAKERS }), options));
  }
  if (args.only !== 'huddle') {
    progress('phase', { name: 'meeting', sfu: 'janus', quota: cpuQuota });
    // Janus has no last-N: each participant receives every other video (at the layer the grid asks for).
    const janusOptions: MeetingOptions = {
      ...options,
      expectedKbps: (participants) => expectedKbps(participants, LAST_N, SPEAKERS, AUDIO_KBPS, participants - 1),
    };
    runs.push(await runMeeting(new JanusMeeting({ lastN: LAST_N, speakers: SPEAKERS }), janusOptions));
  }
  const results: MeetingResults = {
    startedAt: startedAt.toISOString(),
    durationSeconds: (Date.now() - startedAt.getTime()) / 1000,
    quick: args.quick,
    machine: { cpuModel: cpus()[0]?.model ?? 'unknown CPU', cores: cpus().length },
    settings: {
      cpuQuota,
      periodMs,
      sizes,
      lastN: LAST_N,
      speakers: SPEAKERS,
      warmUpSeconds: options.warmUpMs / 1000,
      windowSeconds: options.windowMs / 1000,
      publishers: `every participant publishes a camera: VP8 simulcast 160×90 / 320×180 / 640×360 at 80 / 200 / 500 kbit/s, 15 fps, encoded ONCE by one ffmpeg and sent by every bot under its own SSRCs, each at its own fixed offset within the 67 ms frame interval as independent cameras would be (testkit SharedRtpSource, spreadMs); the first ${SPEAKERS} also publish Opus (~${AUDIO_KBPS} kbit/s), the others are muted`,
      subscribers: `every participant receives every other's camera and the open mics, negotiating what a browser does (RTX, NACK, transport-cc) and sending Receiver Reports and transport-cc feedback; it asks for the simulcast layer the web app's grid would (1280 px wide viewport, square grid of at most last-N = ${LAST_N} tiles: layer 1 up to 16 tiles, layer 0 beyond); last-N ${LAST_N} on the server`,
    },
    runs,
  };
  writeReport(resultsDir, 'meeting', results, meetingMarkdown(results));
}

runBench(main, [JANUS_NETWORK]);
