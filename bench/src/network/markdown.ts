import { IMPAIRED_NAME } from './call.js';
import type { SendQuality } from './quality.js';
import type { NamedAudio, NamedVideo, NetworkBenchResults, ScenarioResult, WindowResult } from './results.js';

const fixed = (value: number, digits = 0): string => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const row = (cells: readonly string[]): string => `| ${cells.join(' | ')} |`;
const table = (header: readonly string[], rows: readonly (readonly string[])[]): string[] => [
  row(header),
  row(header.map(() => '---')),
  ...rows.map(row),
];

const freezes = (video: NamedVideo): string => `${video.freezes} / ${fixed(video.freezeSeconds, 1)} s`;
const widths = (video: NamedVideo): string => `${video.widthMin} / ${fixed(video.widthMedian)}`;
const verdict = (result: ScenarioResult): string => {
  if (result.status === 'skipped') return `skipped: ${result.reason ?? ''}`;
  if (result.status === 'failed') return `**run failed**: ${result.reason ?? ''}`;
  if (result.checks.length === 0) return '—';
  return result.checks.every((check) => check.pass) ? '**PASS**' : '**FAIL**';
};

/** "Ann 24 fps 1280 px · Bob 12 fps 640 px" — each remote video in one cell. */
function videosCell(videos: readonly NamedVideo[]): string {
  if (videos.length === 0) return 'no video';
  return videos.map((video) => `${video.from} ${fixed(video.fps)} fps ${fixed(video.widthMedian)} px`).join(' · ');
}

function summaryRow(result: ScenarioResult): string[] {
  const window = result.window;
  if (!window) return [result.name, result.impairment, '—', '—', '—', '—', '—', '—', '—', verdict(result)];
  const frozen = window.received.videos.map((video) => `${video.freezes}/${fixed(video.freezeSeconds, 1)}s`);
  const concealment = Math.max(0, ...window.received.audio.map((audio) => audio.concealmentPercent));
  const seen = window.seenByOthers
    .map((view) => (view.video ? `${fixed(view.video.fps)} fps ${fixed(view.video.widthMedian)} px` : 'no video'))
    .join(' · ');
  const route = window.routes.find((entry) => entry.participant === IMPAIRED_NAME)?.routes[0] ?? '—';
  return [
    result.name,
    result.impairment,
    `${fixed(window.link.downKbps)} / ${fixed(window.link.upKbps)}`,
    videosCell(window.received.videos),
    frozen.join(' · ') || '—',
    `${fixed(concealment, 2)} %`,
    seen || '—',
    route,
    `${fixed(window.load.loadAverage1m, 1)} / ${fixed(window.load.othersCpuPercent)} %`,
    verdict(result) + (result.secondsToFullLayers === undefined ? '' : ` (${fixed(result.secondsToFullLayers, 1)} s)`),
  ];
}

function sentLines(sent: SendQuality): string[] {
  const limited = Object.entries(sent.limitedPercent)
    .map(([reason, percent]) => `${reason} ${fixed(percent)} %`)
    .join(', ');
  return [
    ...table(
      ['layer', 'width', 'fps', 'kbit/s'],
      sent.layers.map((layer) => [layer.rid, String(layer.width), fixed(layer.fps, 1), fixed(layer.kbps)]),
    ),
    '',
    `Encoder limitation at the end: ${sent.limitation ?? 'unknown'}; share of the window limited: ${limited || 'none'}.`,
  ];
}

function windowLines(window: WindowResult): string[] {
  const audioRows = (audio: readonly NamedAudio[]): string[][] =>
    audio.map((stream) => [stream.from, `${fixed(stream.concealmentPercent, 2)} %`, String(stream.packetsLost)]);
  return [
    `Measured on the link: **${fixed(window.link.downKbps)} kbit/s down, ${fixed(window.link.upKbps)} kbit/s up** ` +
      `(IP packets with headers); ${IMPAIRED_NAME} received ${fixed(window.received.totalKbps)} kbit/s of RTP ` +
      `payload (probation included) over ${fixed(window.seconds, 1)} s.` +
      (window.link.loss
        ? ` The packet filter dropped ${fixed(window.link.loss.inPercent, 1)} % of UDP towards ${IMPAIRED_NAME} and ` +
          `${fixed(window.link.loss.outPercent, 1)} % from it (${window.link.loss.packets} packets seen).`
        : ''),
    '',
    `Remote videos at ${IMPAIRED_NAME}:`,
    '',
    ...table(
      [
        'from',
        'fps',
        'width min / median',
        'freezes (count / total)',
        'longest freeze',
        'kbit/s',
        'lost',
        'asks layer',
      ],
      window.received.videos.map((video) => [
        video.from,
        fixed(video.fps, 1),
        widths(video),
        freezes(video),
        `${fixed(video.longestFreezeSeconds, 2)} s`,
        fixed(video.kbps),
        String(video.packetsLost),
        video.requestedLayer === undefined ? '—' : String(video.requestedLayer),
      ]),
    ),
    '',
    `Remote audio at ${IMPAIRED_NAME}:`,
    '',
    ...table(['from', 'concealment', 'lost'], audioRows(window.received.audio)),
    '',
    `What the others receive of ${IMPAIRED_NAME}:`,
    '',
    ...table(
      ['viewer', 'video fps', 'width min / median', 'freezes', 'audio concealment'],
      window.seenByOthers.map((view) => [
        view.viewer,
        view.video ? fixed(view.video.fps, 1) : 'no video',
        view.video ? widths(view.video) : '—',
        view.video ? freezes(view.video) : '—',
        view.audio ? `${fixed(view.audio.concealmentPercent, 2)} %` : 'no audio',
      ]),
    ),
    '',
    `What ${IMPAIRED_NAME} sends (camera):`,
    '',
    ...sentLines(window.sent),
    '',
    `Routes (selected ICE pair, per PeerConnection): ${window.routes
      .map((entry) => `${entry.participant}: ${entry.routes.join(', ') || 'none'}`)
      .join('; ')}.`,
    '',
    `Load: load average ${fixed(window.load.loadAverage1m, 1)}, both cores ${fixed(window.load.machineBusyPercent)} % ` +
      `busy (everyone's work); host Chromium ${fixed(window.load.hostBrowserCpuPercent)} %, ${IMPAIRED_NAME}'s ` +
      `Chromium ${fixed(window.load.impairedBrowserCpuPercent)} %, SFU ${fixed(window.load.sfuCpuPercent)} %, ` +
      `other people's processes ${fixed(window.load.othersCpuPercent)} % of a core.`,
  ];
}

/** The layers second by second after the cap is lifted, under the target row they must get back to. */
function recoveryLines(recovery: NonNullable<ScenarioResult['recovery']>): string[] {
  const names = recovery.target.map((video) => video.from);
  const cell = (video: { width: number; fps: number } | undefined): string =>
    video ? `${video.width} px @ ${fixed(video.fps)} fps` : '—';
  return [
    'After the cap is lifted, each second (width @ fps; "back" = at least the width and 80 % of the fps of before):',
    '',
    ...table(
      ['s after lifting', ...names],
      [
        ['before the cap', ...recovery.target.map(cell)],
        ...recovery.afterLift.map((row) => [
          fixed(row.seconds, 1),
          ...names.map((name) => cell(row.videos.find((video) => video.from === name))),
        ]),
      ],
    ),
  ];
}

function scenarioLines(result: ScenarioResult): string[] {
  const lines = [`### ${result.name} — ${result.title}`, '', `Impairment: ${result.impairment}.`, ''];
  if (result.status !== 'ran') return [...lines, verdict(result), ''];
  for (const check of result.checks) {
    const measured = check.measured === undefined ? 'nothing measured' : fixed(check.measured, 2);
    lines.push(
      `- ${check.pass ? 'PASS' : 'FAIL'} — ${check.label}: ${measured}${check.note ? ` (${check.note})` : ''}`,
    );
  }
  if (result.checks.length > 0) lines.push('');
  if (result.before) lines.push('**Before the cap:**', '', ...windowLines(result.before), '', '**Under the cap:**', '');
  if (result.window) lines.push(...windowLines(result.window), '');
  if (result.recovery) lines.push(...recoveryLines(result.recovery), '');
  if (result.secondsToFullLayers !== undefined || result.before) {
    const back = result.secondsToFullLayers;
    lines.push(
      `Back to the layers of before the cap: ${back === undefined ? 'not while watched' : `${fixed(back, 1)} s`} after it was lifted.`,
      '',
    );
  }
  const settled = result.recoveredAfterSeconds;
  lines.push(
    `After clearing: back to the reference layers ${settled === undefined ? 'not within the wait' : `after ${fixed(settled, 1)} s`}.`,
    '',
  );
  return lines;
}

/** bench/results/network.md */
export function networkMarkdown(results: NetworkBenchResults): string {
  const { machine, settings, reference } = results;
  const lines = [
    '# Network impairment benchmark',
    '',
    `Run ${results.startedAt} (${fixed(results.durationSeconds / 60, 1)} min${results.quick ? ', **--quick**: rough numbers' : ''}) on ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGb} GB, Linux ${machine.kernel}, Node ${machine.node}, Chromium ${machine.chromium}. ` +
      'How it runs and how to read it: [bench/README.md](../README.md#network-impairment-benchmark).',
    '',
    `Three participants in one room: Ann and Bob in a Chromium on the host, ${IMPAIRED_NAME} in a Chromium inside network namespace \`hbnet\` whose veth pair is impaired. ` +
      `Viewport ${settings.viewport}; warm-up ${settings.warmUpSeconds} s, window ${settings.windowSeconds} s; caps: ${settings.tbf}. ` +
      `TURN offered by the SFU: ${settings.iceServersOffered ? 'yes' : 'no'}.`,
    '',
    '## Summary',
    '',
    ...table(
      [
        'scenario',
        'impairment',
        'link down / up kbit/s',
        `${IMPAIRED_NAME} receives (fps, median width)`,
        'freezes',
        'worst audio concealment',
        `others see ${IMPAIRED_NAME}`,
        `${IMPAIRED_NAME}'s route`,
        'load avg / others’ CPU',
        'targets',
      ],
      results.scenarios.map(summaryRow),
    ),
    '',
    '## Rate caps as they hold',
    '',
    'Each cap, before the call: UDP offered at 3× the cap across the veth pair, what passes measured on its host end.',
    '',
    ...table(
      ['direction', 'cap kbit/s', 'measured kbit/s'],
      results.caps.map((cap) => [cap.direction, String(cap.nominalKbps), fixed(cap.measuredKbps)]),
    ),
    '',
    '## Reference (unimpaired, before the scenarios)',
    '',
    `Measured once the layers stopped growing, ${fixed(reference.rampUpSeconds)} s after everyone's media flowed.`,
    '',
    ...table(
      ['remote video at ' + IMPAIRED_NAME, 'typical width', 'median fps', 'asks layer'],
      reference.videos.map((video) => [
        video.from,
        fixed(video.width),
        fixed(video.fps, 1),
        video.requestedLayer === undefined ? '—' : String(video.requestedLayer),
      ]),
    ),
    '',
    ...reference.senders.flatMap((sender) => [
      `${sender.participant}'s camera sends:`,
      '',
      ...sentLines(sender.sent),
      '',
    ]),
    '## Scenarios',
    '',
    ...results.scenarios.flatMap(scenarioLines),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
