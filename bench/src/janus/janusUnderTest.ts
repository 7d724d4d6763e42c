import { removeStaleQuotaGroups, type Throttling } from '../measure/cpuQuota.js';
import { progress } from '../progress.js';
import type { ReceiverCounters, SfuUnderTest, StartSfuOptions } from '../sfuUnderTest.js';
import { onTeardown } from '../teardown.js';
import { removeStaleJanusConfigs } from './janusConfig.js';
import { JanusServer } from './janusProcess.js';
import { JanusPublisherBot } from './janusPublisher.js';
import { JanusReceiverBot } from './janusReceiver.js';
import { JanusSession, type JanusHandle } from './janusSession.js';
import { createNamespace, removeNamespace } from '../netns.js';
import { JANUS_NETWORK } from './netns.js';
import { createRoom, VIDEOROOM_PLUGIN } from './videoRoom.js';

const ROOM = 1234;
/** Receivers joining at once: enough to add 200 in seconds, few enough not to time out Janus's replies. */
const JOIN_CONCURRENCY = 10;

/**
 * Janus 1.1 VideoRoom under test: its own network namespace, a generated config, one room, one publisher and
 * N receivers. All receivers share one Janus session (one long poll) but each has its own handle and
 * PeerConnection: Janus's per-subscriber media work is the same, and 200 long polls would only add HTTP load.
 */
export class JanusUnderTest implements SfuUnderTest {
  readonly name: string;
  /** Receivers keep Janus's offer as it is (RTX, NACK, transport-cc, extensions) instead of bare RTP. */
  private readonly browserLikeReceivers: boolean;
  private server: JanusServer | undefined;
  private control: { session: JanusSession; handle: JanusHandle } | undefined;
  private receiverSession: JanusSession | undefined;
  private publisher: JanusPublisherBot | undefined;
  private receivers: JanusReceiverBot[] = [];
  private joined = 0;
  private unregister: (() => void) | undefined;

  constructor(options: { browserLikeReceivers?: boolean } = {}) {
    this.browserLikeReceivers = options.browserLikeReceivers ?? false;
    this.name = this.browserLikeReceivers ? 'janus (browser-like receivers)' : 'janus';
  }

  pids(): number[] {
    return this.server ? [this.server.pid] : [];
  }

  /** How often the CPU quota throttled Janus (undefined without a quota). */
  quotaThrottling(): Throttling | undefined {
    return this.server?.quota?.throttling();
  }

  async start(options: StartSfuOptions = {}): Promise<void> {
    if (this.server) throw new Error('Janus is already started');
    this.unregister = onTeardown('stop janus under test', () => this.stop());
    try {
      // Namespace first: removing a crashed run's namespace kills its Janus, which empties that run's cgroup.
      await createNamespace(JANUS_NETWORK);
      removeStaleQuotaGroups((line) => progress('cgroup.stale', { detail: line }));
      removeStaleJanusConfigs();
      this.server = await JanusServer.start(options);
      const session = await JanusSession.create(this.server.baseUrl);
      const handle = await session.attach(VIDEOROOM_PLUGIN);
      this.control = { session, handle };
      await createRoom(handle, { room: ROOM, publishers: 1, bitrate: 0 });
      this.receiverSession = await JanusSession.create(this.server.baseUrl);
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  async startPublisher(): Promise<void> {
    if (!this.control) throw new Error('start Janus before its publisher');
    if (this.publisher) throw new Error('the publisher is already started');
    this.publisher = new JanusPublisherBot(this.control.session, ROOM);
    await this.publisher.start();
  }

  async addReceivers(count: number): Promise<void> {
    const session = this.receiverSession;
    const feed = this.publisher?.feed;
    if (!session || feed === undefined) throw new Error('start Janus and its publisher before receivers');
    const ids = Array.from({ length: count }, () => `janus-rx-${++this.joined}`);
    const failures: string[] = [];
    await inBatches(ids, JOIN_CONCURRENCY, async (id) => {
      try {
        this.receivers.push(await JanusReceiverBot.join(session, ROOM, feed, id, this.browserLikeReceivers));
      } catch (error) {
        failures.push(`${id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    });
    progress('janus.receivers', {
      added: count - failures.length,
      failed: failures.length,
      total: this.receivers.length,
    });
    if (failures.length > 0)
      throw new Error(`${failures.length} of ${count} receivers failed: ${failures.slice(0, 3).join('; ')}`);
  }

  async receiverStats(): Promise<ReceiverCounters[]> {
    return this.receivers.map((receiver) => receiver.counters());
  }

  async removeReceivers(): Promise<void> {
    const leaving = this.receivers.splice(0);
    await inBatches(leaving, JOIN_CONCURRENCY, (receiver) => receiver.close());
  }

  /** Idempotent; also what teardown runs on a signal or crash. */
  async stop(): Promise<void> {
    await this.removeReceivers();
    await this.publisher?.stop();
    this.publisher = undefined;
    await this.receiverSession?.destroy();
    this.receiverSession = undefined;
    await this.control?.session.destroy();
    this.control = undefined;
    await this.server?.stop();
    this.server = undefined;
    await removeNamespace(JANUS_NETWORK);
    this.unregister?.();
    this.unregister = undefined;
  }
}

/** Runs `work` over `items`, at most `concurrency` at a time. */
async function inBatches<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
