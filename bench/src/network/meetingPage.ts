import type { Browser, BrowserContext, Page } from 'playwright-core';
import { collectPageStats, REGISTRY_KEY, trackPeerConnections, WANTED_STAT_TYPES } from './inPage.js';
import { pageStatsSchema, toSnapshot, type Snapshot } from './snapshot.js';

/**
 * The window every participant gets. With three people in the grid (everyone sees themselves too) the web app
 * makes 2 columns × 2 rows of 16:9 tiles about 640 CSS pixels wide: at a device pixel ratio of 1 the app asks for
 * each camera's 640 px layer, at 2 (a HiDPI laptop) for its 1280 px top layer (apps/web/src/meeting/layers.ts).
 */
export const VIEWPORT = { width: 1360, height: 860 };
const JOIN_TIMEOUT_MS = 30_000;

export type MeetingPageOptions = {
  /** http://ADDR:PORT of the SFU (serves the web app too). */
  origin: string;
  room: string;
  name: string;
  deviceScaleFactor: number;
  /**
   * Relay-only scenarios force `iceTransportPolicy: 'relay'` on every PeerConnection of this page. This is the
   * hook point for TURN (issue 13): the override lives in the harness's RTCPeerConnection wrapper until the web app
   * offers the policy itself, and needs ICE servers in the SFU's join reply to find any candidate.
   */
  iceTransportPolicy?: RTCIceTransportPolicy;
};

/** One participant: a browser context showing the meeting page, joined at once with `?name=`. */
export class MeetingPage {
  readonly name: string;
  readonly #context: BrowserContext;
  readonly #page: Page;

  private constructor(name: string, context: BrowserContext, page: Page) {
    this.name = name;
    this.#context = context;
    this.#page = page;
  }

  static async open(browser: Browser, options: MeetingPageOptions): Promise<MeetingPage> {
    const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: options.deviceScaleFactor });
    try {
      await context.addInitScript(trackPeerConnections, {
        iceTransportPolicy: options.iceTransportPolicy,
        registryKey: REGISTRY_KEY,
      });
      const page = await context.newPage();
      const url = `${options.origin}/${encodeURIComponent(options.room)}?name=${encodeURIComponent(options.name)}`;
      await page.goto(url);
      await page.waitForSelector('[data-connection-state="connected"]', { timeout: JOIN_TIMEOUT_MS });
      return new MeetingPage(options.name, context, page);
    } catch (error) {
      await context.close().catch(() => undefined);
      throw error;
    }
  }

  async snapshot(): Promise<Snapshot> {
    const raw = await this.#page.evaluate(collectPageStats, {
      registryKey: REGISTRY_KEY,
      wantedTypes: WANTED_STAT_TYPES,
    });
    const parsed = pageStatsSchema.safeParse(raw);
    if (!parsed.success) throw new Error(`${this.name}: unexpected stats from the page: ${parsed.error.message}`);
    return toSnapshot(parsed.data);
  }

  async close(): Promise<void> {
    await this.#context.close().catch(() => undefined);
  }
}
