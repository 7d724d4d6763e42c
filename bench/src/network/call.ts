import { startSfu, waitFor, type LocalSfu } from '@huddle/testkit';
import { progress } from '../progress.js';
import { onTeardown } from '../teardown.js';
import { launchChromium, type LaunchedBrowser } from './browsers.js';
import type { LinkShaper } from './linkShaper.js';
import { MeetingPage } from './meetingPage.js';
import { isProbation, inboundSeries } from './quality.js';
import type { Snapshot } from './snapshot.js';
import { NETBENCH_NETWORK, NETBENCH_PROCESSES } from './topology.js';

const ROOM = 'netbench';
export const HOST_NAMES = ['Ann', 'Bob'] as const;
export const IMPAIRED_NAME = 'Cat';
/** Everyone sees the two others: two remote videos and two remote audio streams per page. */
export const REMOTES = HOST_NAMES.length;
const MEDIA_TIMEOUT_MS = 60_000;

/**
 * The call under test: a Huddle SFU on the veth pair's host end, Ann and Bob in one Chromium on the host, Cat (the
 * impaired participant) in a Chromium inside the namespace (which setUpNetwork() created). Everything it starts is
 * registered for teardown and recorded for the next run's leftover cleanup.
 */
export class NetworkCall {
  readonly shaper: LinkShaper;
  readonly #sfu: LocalSfu;
  readonly #browsers: { host: LaunchedBrowser; impaired: LaunchedBrowser };
  readonly hosts: MeetingPage[];
  #impaired: MeetingPage;
  readonly #origin: string;
  readonly #deviceScaleFactor: number;
  readonly #stop: () => Promise<void>;

  private constructor(
    sfu: LocalSfu,
    browsers: { host: LaunchedBrowser; impaired: LaunchedBrowser },
    pages: { origin: string; deviceScaleFactor: number; hosts: MeetingPage[]; impaired: MeetingPage },
    shaper: LinkShaper,
    stop: () => Promise<void>,
  ) {
    this.shaper = shaper;
    this.#sfu = sfu;
    this.#browsers = browsers;
    this.hosts = pages.hosts;
    this.#impaired = pages.impaired;
    this.#origin = pages.origin;
    this.#deviceScaleFactor = pages.deviceScaleFactor;
    this.#stop = stop;
  }

  /** Starts everything, every page at `deviceScaleFactor`; on failure, stops what it started (teardown does too). */
  static async start(shaper: LinkShaper, deviceScaleFactor: number): Promise<NetworkCall> {
    const started: { sfu?: LocalSfu; browsers: LaunchedBrowser[] } = { browsers: [] };
    const stopStarted = async (): Promise<void> => {
      for (const browser of started.browsers.splice(0)) await browser.close();
      await started.sfu?.stop();
      started.sfu = undefined;
      NETBENCH_PROCESSES.clear();
    };
    const forget = onTeardown('network call', stopStarted);
    try {
      // startSfu checks /healthz on 127.0.0.1, so HTTP listens on every address (the namespace reaches it on
      // the veth); media listens on the veth's host end only, which the host's browsers reach as well. The SFU's
      // embedded coturn listens there too, for the relay-only scenario.
      const sfu = await startSfu({
        env: {
          HUDDLE_HOST: '0.0.0.0',
          HUDDLE_LISTEN_IP: NETBENCH_NETWORK.hostAddress,
          HUDDLE_TURN_EMBEDDED: 'true',
          HUDDLE_TURN_LISTEN_IP: NETBENCH_NETWORK.hostAddress,
          HUDDLE_LOG_LEVEL: 'warn',
        },
      });
      started.sfu = sfu;
      NETBENCH_PROCESSES.add([sfu.pid]);
      const origin = `http://${NETBENCH_NETWORK.hostAddress}:${sfu.ports.http}`;
      progress('sfu.started', { origin, rtc: sfu.ports.rtc.join(',') });
      const host = await launchChromium(origin);
      started.browsers.push(host);
      const impairedBrowser = await launchChromium(origin, NETBENCH_NETWORK);
      started.browsers.push(impairedBrowser);
      NETBENCH_PROCESSES.add([host.pid, impairedBrowser.pid]);
      const hosts: MeetingPage[] = [];
      for (const name of HOST_NAMES) {
        hosts.push(await MeetingPage.open(host.browser, { origin, room: ROOM, name, deviceScaleFactor }));
      }
      const impaired = await MeetingPage.open(impairedBrowser.browser, {
        origin,
        room: ROOM,
        name: IMPAIRED_NAME,
        deviceScaleFactor,
      });
      progress('call.joined', { participants: [...HOST_NAMES, IMPAIRED_NAME].join(',') });
      const call = new NetworkCall(
        sfu,
        { host, impaired: impairedBrowser },
        { origin, deviceScaleFactor, hosts, impaired },
        shaper,
        async () => {
          forget();
          await stopStarted();
        },
      );
      await call.waitForMedia();
      return call;
    } catch (error) {
      forget();
      await stopStarted();
      throw error;
    }
  }

  get sfu(): LocalSfu {
    return this.#sfu;
  }

  get impaired(): MeetingPage {
    return this.#impaired;
  }

  get pages(): MeetingPage[] {
    return [...this.hosts, this.#impaired];
  }

  /** Chromium's version, e.g. "156.0.7470.1". */
  chromiumVersion(): string {
    return this.#browsers.host.browser.version();
  }

  pids(): { hostBrowser: number; impairedBrowser: number; sfu: number } {
    return { hostBrowser: this.#browsers.host.pid, impairedBrowser: this.#browsers.impaired.pid, sfu: this.#sfu.pid };
  }

  /** Resolves once every page decodes frames of every remote video and receives every remote audio. */
  async waitForMedia(timeoutMs = MEDIA_TIMEOUT_MS): Promise<void> {
    const previous = new Map<string, Snapshot>();
    const seen = new Map<string, string>();
    await waitFor(
      async () => {
        const snapshots = await Promise.all(
          this.pages.map(async (page) => [page.name, await page.snapshot()] as const),
        );
        let ready = true;
        for (const [name, now] of snapshots) {
          const before = previous.get(name);
          previous.set(name, now);
          const counts = before ? flowing(before, now) : { videos: 0, audio: 0 };
          seen.set(name, `${name} ${counts.videos}/${REMOTES} videos and ${counts.audio}/${REMOTES} audio flowing`);
          ready &&= counts.videos >= REMOTES && counts.audio >= REMOTES;
        }
        return ready;
      },
      {
        timeoutMs,
        intervalMs: 1000,
        description: 'every participant to decode every remote video and audio',
        describe: () => [...seen.values()].join('; '),
      },
    );
  }

  /**
   * The impaired participant leaves (its browser context closes) and joins again in a fresh one, optionally
   * forcing an ICE transport policy; resolves once media flows everywhere again.
   */
  async rejoinImpaired(iceTransportPolicy?: RTCIceTransportPolicy): Promise<void> {
    await this.#impaired.close();
    this.#impaired = await MeetingPage.open(this.#browsers.impaired.browser, {
      origin: this.#origin,
      room: ROOM,
      name: IMPAIRED_NAME,
      deviceScaleFactor: this.#deviceScaleFactor,
      ...(iceTransportPolicy === undefined ? {} : { iceTransportPolicy }),
    });
    await this.waitForMedia();
  }

  /** Stops the browsers and the SFU; idempotent. */
  stop(): Promise<void> {
    return this.#stop();
  }
}

/** Between two snapshots of a page: how many remote videos advanced by a frame and audio streams got samples. */
function flowing(before: Snapshot, now: Snapshot): { videos: number; audio: number } {
  let videos = 0;
  let audio = 0;
  for (const list of inboundSeries([before, now]).values()) {
    const [first, last] = list;
    if (!first || !last || last.peerId === undefined) continue;
    if (last.kind === 'video' && !isProbation(list) && (last.framesDecoded ?? 0) > (first.framesDecoded ?? 0)) {
      videos += 1;
    }
    if (last.kind === 'audio' && (last.totalSamplesReceived ?? 0) > (first.totalSamplesReceived ?? 0)) audio += 1;
  }
  return { videos, audio };
}
