import type { MeetingRun } from './steps.js';

export type MeetingResults = {
  startedAt: string;
  durationSeconds: number;
  quick: boolean;
  machine: { cpuModel: string; cores: number };
  settings: {
    cpuQuota: number;
    /** The CFS period of both quotas, ms. */
    periodMs: number;
    sizes: number[];
    lastN: number;
    speakers: number;
    warmUpSeconds: number;
    windowSeconds: number;
    publishers: string;
    subscribers: string;
  };
  runs: MeetingRun[];
};

const fixed = (value: number, digits = 1): string => value.toFixed(digits);

function runTable(run: MeetingRun): string[] {
  return [
    `### ${run.sfu}`,
    '',
    `Knee: **${run.kneeParticipants ?? 'none'}** participants at < 1 % loss (${run.stoppedBy === 'all-sizes-passed' ? 'every size passed: a lower bound' : `stopped by ${run.stoppedBy}`}).`,
    '',
    '| N | SFU CPU % of a core | CPU % per participant | throttled share | kbit/s per participant (expected) | loss % | participants > 1 % loss | UDP drops, full receive buffer | SFU RSS MB | bots CPU % |',
    '| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...run.steps.map(
      (step) =>
        `| ${step.participants} | ${fixed(step.cpuPercent)} | ${fixed(step.cpuPercent / step.participants, 2)} | ${fixed(step.throttled, 2)} | ${fixed(step.receiverKbps, 0)} (${fixed(step.expectedKbps, 0)}) | ${fixed(step.lossRate * 100, 2)} | ${step.receiversOverOnePercent} | ${step.udpReceiveBufferDrops ?? '—'} | ${fixed(step.rssMb, 0)} | ${fixed(step.benchCpuPercent, 0)} |`,
    ),
    ...(run.error ? ['', `Stopped: ${run.error}`] : []),
    '',
  ];
}

/** The Markdown report of `npm run bench:meeting`. */
export function meetingMarkdown(results: MeetingResults): string {
  const { settings } = results;
  const knees = results.runs.map((run) => `${run.sfu} **${run.kneeParticipants ?? 'none'}**`).join(', ');
  const huddle = results.runs.find((run) => run.sfu === 'Huddle');
  const janus = results.runs.find((run) => run.sfu !== 'Huddle');
  const ratio =
    huddle?.kneeParticipants && janus?.kneeParticipants
      ? `${fixed(huddle.kneeParticipants / janus.kneeParticipants, 2)}× (target ≥ 2×: ${huddle.kneeParticipants >= 2 * janus.kneeParticipants ? 'met' : 'not met'})`
      : 'n/a (a side did not run or had no knee)';
  const fifty = huddle?.steps.find((step) => step.participants === 50);
  const fiftyLine = fifty
    ? `N = 50 used ${fixed(fifty.cpuPercent)} % of a core with ${fixed(fifty.lossRate * 100, 2)} % loss under a ${fixed(settings.cpuQuota * 100, 0)} % quota: ${fifty.lossRate < 0.01 && settings.cpuQuota <= 1 ? '**within one core**' : '**not within the quota**'}`
    : 'N = 50 was not reached in this run';
  return [
    `# Meeting benchmark${results.quick ? ' (quick run: not for quoting)' : ''}`,
    '',
    `${results.startedAt}, ${fixed(results.durationSeconds / 60)} min, ${results.machine.cores} × ${results.machine.cpuModel}.`,
    '',
    `- Publishers: ${settings.publishers}`,
    `- Subscribers: ${settings.subscribers}`,
    `- Each SFU (all its processes) in a cgroup v1 CPU quota of **${fixed(settings.cpuQuota * 100, 0)} % of a core** (CFS period ${settings.periodMs} ms: at its quota a process stalls for the rest of each period); sizes ${settings.sizes.join(', ')}; the meeting grows from one size to the next, ${settings.warmUpSeconds} s warm-up, ${settings.windowSeconds} s window each. The knee is the largest N whose window lost < 1 %.`,
    '- "UDP drops" counts datagrams the kernel dropped in the window because a socket’s receive buffer was full, in the SFU’s network namespace (Janus has its own; Huddle shares the host’s with the bots): mediasoup 3.12 cannot size its sockets, so one WebRtcServer port takes every participant’s packets into one buffer of the kernel’s default size (`net.core.rmem_default`), where Janus has a socket per participant.',
    '- "bots CPU" is the bench process (every bot: JavaScript and libdatachannel threads) in % of one core: near 100 % or more, loss may be the bots’ and not the SFU’s.',
    `- **Scaled to a core:** a meeting's work grows with N² (every participant receives every other), so a knee under a quota is not multiplied out to a core; the CPU column is in % of one core, and the 50-person check says whether a 50-person meeting ran within the quota (≤ one core).`,
    '',
    '## Result',
    '',
    `- Knee under the quota: ${knees}. Huddle / Janus: ${ratio}.`,
    `- 50-person all-video meeting (last-N ${settings.lastN}, grid layers): ${fiftyLine}.`,
    '',
    '## Steps',
    '',
    ...results.runs.flatMap(runTable),
  ].join('\n');
}
