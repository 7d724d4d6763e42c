import type { WebinarKnee } from './knee.js';

export type WebinarResults = {
  startedAt: string;
  durationSeconds: number;
  quick: boolean;
  machine: { cpuModel: string; cores: number };
  settings: {
    stream: string;
    viewers: string;
    quotaPerWorker: number;
    /** The quota's CFS period (the longest stall of a worker that used its share). */
    periodMs: number;
    step: number;
    warmUpSeconds: number;
    windowSeconds: number;
    consumerBudgetTwoWorkers: number;
  };
  oneWorker: WebinarKnee;
  twoWorkers: WebinarKnee;
  /** Target of issue 15: ≥ 1,000 viewers per worker core (from the one-worker knee). */
  targetViewersPerCore: number;
};

const fixed = (value: number, digits = 1): string => value.toFixed(digits);

function kneeLine(knee: WebinarKnee): string {
  const bound = knee.reached ? '' : ' (not reached: a lower bound)';
  const quota = `${knee.workers} × ${fixed(knee.quotaPerWorker * 100, 0)} % of a core`;
  if (knee.kneeViewers === null) return `even ${knee.step} viewers lost ≥ 1 % at ${quota}`;
  const full =
    knee.fullQualityViewers === null
      ? `none at full quality (≥ ${fixed(knee.fullQualityKbps, 0)} kbit/s each)`
      : `${knee.fullQualityViewers} at full quality (≥ ${fixed(knee.fullQualityKbps, 0)} kbit/s each) → **${Math.round(knee.fullQualityViewersPerCore ?? 0)} per worker core**`;
  return `< 1 % loss: **${knee.kneeViewers} viewers**${bound} at ${quota} → **${Math.round(knee.viewersPerCore ?? 0)} viewers per worker core**; ${full}`;
}

function stepsTable(knee: WebinarKnee): string[] {
  const rows = knee.steps.map(
    (step) =>
      `| ${step.receivers} | ${fixed(step.workerCpuPercent)} | ${fixed(step.cpuPercent)} | ${step.throttled.map((share) => fixed(share, 2)).join(' / ')} | ${fixed(step.receiverKbps, 0)} | ${fixed(step.lossRate * 100, 2)} | ${step.receiversOverOnePercent} | ${fixed(step.rssMb, 0)} | ${fixed(step.benchCpuPercent, 0)} |`,
  );
  return [
    '| viewers | workers CPU % | SFU CPU % (Node + workers) | throttled share | kbit/s per viewer | loss % | viewers > 1 % loss | SFU RSS MB | bots CPU % |',
    '| ---: | ---: | ---: | :---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ];
}

/** The Markdown report of `npm run bench:webinar`. */
export function webinarMarkdown(results: WebinarResults): string {
  const { oneWorker, twoWorkers, settings } = results;
  const target = results.targetViewersPerCore;
  const verdict = (perCore: number | null): string => (perCore !== null && perCore >= target ? 'met' : 'not met');
  const ratio =
    oneWorker.kneeViewers && twoWorkers.kneeViewers ? fixed(twoWorkers.kneeViewers / oneWorker.kneeViewers, 2) : 'n/a';
  return [
    `# Webinar benchmark${results.quick ? ' (quick run: not for quoting)' : ''}`,
    '',
    `${results.startedAt}, ${fixed(results.durationSeconds / 60)} min, ${results.machine.cores} × ${results.machine.cpuModel}.`,
    '',
    `- Stream: ${settings.stream}`,
    `- Viewers: ${settings.viewers}`,
    `- Each mediasoup worker in its own cgroup v1 CPU quota of ${fixed(settings.quotaPerWorker * 100, 0)} % of a core per ${settings.periodMs} ms CFS period (the SFU's Node process is not capped); ${settings.step} viewers per step, ${settings.warmUpSeconds} s warm-up, ${settings.windowSeconds} s window; the knee is the last step whose window lost < 1 %.`,
    '- The viewers’ feedback puts mediasoup’s send-side bandwidth estimation to work: when a throttled worker delays packets, the estimate falls and mediasoup moves viewers to lower simulcast layers before it drops packets. So each knee is given twice: the last step under 1 % loss, and the last step under 1 % loss at which viewers still got the full stream.',
    `- **Scaled to a core:** viewers per worker core = knee ÷ (workers × quota). mediasoup's cost per viewer is linear in the viewers it serves, so a 10 % quota that holds K viewers says a whole core holds ~10 K; the bots that would be needed for that do not fit on this machine.`,
    '',
    '## Result',
    '',
    `- 1 worker: ${kneeLine(oneWorker)}.`,
    `- Target ≥ ${target} viewers per worker core: at < 1 % loss **${verdict(oneWorker.viewersPerCore)}**; at full quality **${verdict(oneWorker.fullQualityViewersPerCore)}**.`,
    `- 2 workers (room spans both after ${settings.consumerBudgetTwoWorkers} consumers on the first): ${kneeLine(twoWorkers)}; 2 workers / 1 worker = ${ratio}.`,
    '',
    '## 1 worker',
    '',
    ...stepsTable(oneWorker),
    '',
    '## 2 workers',
    '',
    ...stepsTable(twoWorkers),
    '',
  ].join('\n');
}
