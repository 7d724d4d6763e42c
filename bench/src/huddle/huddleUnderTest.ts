import { mintTokenResponseSchema } from '@huddle/shared';
import { joinParticipant, mediaDump, startSfu, waitFor, type LocalSfu, type Participant } from '@huddle/testkit';
import { CpuQuotaGroup } from '../measure/cpuQuota.js';
import { progress } from '../progress.js';
import { onTeardown } from '../teardown.js';
import type { ReceiverCounters, StartSfuOptions, SfuUnderTest } from '../sfuUnderTest.js';
import { BENCH_LIMITS_ENV } from './benchLimits.js';
import { receiverCounters } from './receiverCounters.js';

const ROOM = 'bench';
const JOIN_BATCH = 10;

export type HuddleBenchOptions = {
  workers?: number;
  /** Consumers per worker before the room spans to the next worker (HUDDLE_CONSUMER_BUDGET). */
  consumerBudget?: number;
  /** With a CPU quota: one group per mediasoup worker (scaling runs) instead of one for the whole SFU. */
  quotaPerWorker?: boolean;
  /**
   * Receivers negotiate what browsers do (RTX, NACK, transport-cc, header extensions) instead of bare RTP, and
   * send Receiver Reports and transport-cc feedback back.
   */
  browserLikeReceivers?: boolean;
  /** The publisher sends 3-layer simulcast (160×90 / 320×180 / 640×360) instead of one 640×360 layer. */
  simulcastPublisher?: boolean;
  /** The room is a webinar (`mode: 'webinar'`): the publisher joins as its host, receivers as viewers. */
  webinar?: boolean;
};

/** Huddle under the benchmark: the real SFU process, the kit's lightweight participants as bots. */
export class HuddleUnderTest implements SfuUnderTest {
  readonly name: string;
  readonly #options: HuddleBenchOptions;
  #sfu: LocalSfu | undefined;
  #quotas: CpuQuotaGroup[] = [];
  #workerPids: number[] = [];
  #publisher: Participant | undefined;
  #receivers: Participant[] = [];
  #forgetTeardown: (() => void) | undefined;

  constructor(options: HuddleBenchOptions = {}) {
    this.#options = options;
    const workers = options.workers ?? 1;
    const traits = [
      `${workers} worker${workers === 1 ? '' : 's'}`,
      ...(options.webinar ? ['webinar'] : []),
      ...(options.browserLikeReceivers ? ['browser-like receivers'] : []),
    ];
    this.name = `Huddle (${traits.join(', ')})`;
  }

  get sfu(): LocalSfu {
    if (!this.#sfu) throw new Error(`${this.name} is not running`);
    return this.#sfu;
  }

  pids(): number[] {
    return this.#sfu ? [this.#sfu.pid] : [];
  }

  /** The mediasoup workers' pids (measured on their own: the quota per worker caps them, not the Node process). */
  workerPids(): number[] {
    return this.#sfu ? this.#workerPids : [];
  }

  /** The share of CFS periods in which the quota held each worker (or the whole SFU) back, since start. */
  throttledShares(): number[] {
    return this.#quotas.map((group) => {
      const { periods, throttledPeriods } = group.throttling();
      return periods === 0 ? 0 : throttledPeriods / periods;
    });
  }

  async start(options: StartSfuOptions = {}): Promise<void> {
    const workers = this.#options.workers ?? 1;
    this.#forgetTeardown = onTeardown(this.name, () => this.stop());
    this.#sfu = await startSfu({
      workers,
      env: {
        ...BENCH_LIMITS_ENV,
        HUDDLE_CONSUMER_BUDGET: String(this.#options.consumerBudget ?? 100_000),
        HUDDLE_LOG_LEVEL: 'error',
      },
    });
    const { workers: dumped } = await mediaDump(this.#sfu);
    this.#workerPids = dumped.map((worker) => worker.pid);
    if (options.cpuQuota !== undefined) {
      if (this.#options.quotaPerWorker) {
        for (const worker of dumped) {
          const group = CpuQuotaGroup.create(options.cpuQuota, `huddle-w${worker.index}`, options.cpuPeriodUs);
          group.addProcessTree(worker.pid);
          this.#quotas.push(group);
        }
      } else {
        const group = CpuQuotaGroup.create(options.cpuQuota, 'huddle', options.cpuPeriodUs);
        group.addProcessTree(this.#sfu.pid);
        this.#quotas.push(group);
      }
    }
    progress('huddle.started', { workers, url: this.#sfu.url, quota: options.cpuQuota });
  }

  /** The publisher's join token in a webinar (a host: it may publish and moderate); none otherwise. */
  async #publisherToken(): Promise<string | undefined> {
    if (!this.#options.webinar) return undefined;
    await this.sfu.admin.post('/rooms', { slug: ROOM, mode: 'webinar' });
    const minted = mintTokenResponseSchema.parse(
      await this.sfu.admin.post(`/rooms/${ROOM}/tokens`, {
        identity: 'host',
        name: 'host',
        grants: { moderate: true },
      }),
    );
    return minted.token;
  }

  async startPublisher(): Promise<void> {
    const token = await this.#publisherToken();
    const publisher = await joinParticipant(this.sfu.url, ROOM, {
      kind: 'lightweight',
      name: 'publisher',
      publish: ['mic', 'camera'],
      publishOptions: { simulcast: this.#options.simulcastPublisher ?? false },
      ...(token ? { token } : {}),
    });
    this.#publisher = publisher;
    await waitFor(
      async () => {
        const { outbound } = await publisher.stats();
        return outbound.length === 2 && outbound.every((stream) => stream.bitrate > 0);
      },
      { timeoutMs: 15_000, description: 'the publisher to send audio and video' },
    );
  }

  async addReceivers(count: number): Promise<void> {
    const publisher = this.#publisher;
    if (!publisher) throw new Error('start the publisher first');
    for (let joined = 0; joined < count; joined += JOIN_BATCH) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(JOIN_BATCH, count - joined) }, () => {
          const name = `receiver-${this.#receivers.length + joined}-${Math.random().toString(36).slice(2, 6)}`;
          return joinParticipant(this.sfu.url, ROOM, {
            kind: 'lightweight',
            name,
            receiveAsBrowser: this.#options.browserLikeReceivers ?? false,
          });
        }),
      );
      this.#receivers.push(...batch);
      await Promise.all(
        batch.map((receiver) => receiver.waitForMedia(publisher, { kind: 'video', timeoutMs: 30_000 })),
      );
    }
  }

  receiverStats(): Promise<ReceiverCounters[]> {
    return Promise.all(this.#receivers.map(receiverCounters));
  }

  async removeReceivers(): Promise<void> {
    const leaving = this.#receivers;
    this.#receivers = [];
    await Promise.all(leaving.map((receiver) => receiver.leave()));
  }

  async stop(): Promise<void> {
    await this.removeReceivers();
    await this.#publisher?.leave();
    this.#publisher = undefined;
    await this.#sfu?.stop();
    this.#sfu = undefined;
    this.#workerPids = [];
    for (const group of this.#quotas) group.remove();
    this.#quotas = [];
    this.#forgetTeardown?.();
    this.#forgetTeardown = undefined;
  }
}
