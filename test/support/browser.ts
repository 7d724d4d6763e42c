import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { z } from 'zod';
import { eventually } from './eventually.js';

export type ChromiumOptions = {
  /**
   * Fake cameras to offer (fake_device_0, fake_device_1, …); 1 by default. fake_device_1 is a Y16 depth camera that
   * WebRTC does not encode (its video never leaves the page): switch cameras to fake_device_2 instead.
   */
  cameras?: number;
  /** A Y4M clip every fake camera plays instead of the test pattern (see screenshotMedia.ts). */
  cameraFile?: string;
};

/** Debian's Chromium (never a downloaded browser), with fake camera(s), microphone and screen. */
export async function launchChromium(options: ChromiumOptions = {}): Promise<Browser> {
  const cameras = options.cameras ?? 1;
  return chromium.launch({
    executablePath: process.env.HUDDLE_CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      cameras > 1 ? `--use-fake-device-for-media-stream=device-count=${cameras}` : '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--autoplay-policy=no-user-gesture-required',
      ...(options.cameraFile ? [`--use-file-for-fake-video-capture=${options.cameraFile}`] : []),
    ],
  });
}

/** A stat the browser did not report yet counts as 0. */
const counter = z
  .number()
  .nullable()
  .transform((value) => value ?? 0);

const inboundSchema = z.object({
  consumerId: z.string(),
  peerId: z.string(),
  source: z.string(),
  kind: z.enum(['audio', 'video']),
  framesDecoded: counter,
  frameWidth: counter,
  frameHeight: counter,
  packetsReceived: counter,
  bytesReceived: counter,
  audioLevel: counter,
});
export type InboundStats = z.infer<typeof inboundSchema>;

export type Participant = {
  page: Page;
  name: string;
  peerId: () => Promise<string>;
  stats(): Promise<InboundStats[]>;
  hook(call: string): Promise<unknown>;
  close(): Promise<void>;
};

export type JoinOptions = {
  /** Join with the camera / microphone off (`&camera=off`, `&mic=off`). */
  camera?: boolean;
  mic?: boolean;
  /** Media only through the SFU's TURN servers (`&relay=1`: ICE transport policy 'relay'). */
  relay?: boolean;
  /** Join with this join token (its name and grants apply) instead of `?name=`. */
  token?: string;
  /** 1280×800 by default. */
  context?: BrowserContextOptions;
  /** Runs on the page before it loads the meeting (e.g. page.routeWebSocket). */
  beforeLoad?: (page: Page) => Promise<unknown>;
};

/**
 * The room URL that joins at once: `<sfu>/<room>?name=<name>&testHooks=1[&camera=off][&mic=off][&relay=1]` (or
 * `?token=`).
 */
export function meetingUrl(baseUrl: string, room: string, name: string, options: JoinOptions = {}): string {
  const flags = [
    options.camera === false ? '&camera=off' : '',
    options.mic === false ? '&mic=off' : '',
    options.relay === true ? '&relay=1' : '',
  ].join('');
  const who = options.token === undefined ? `name=${encodeURIComponent(name)}` : `token=${options.token}`;
  return `${baseUrl}/${room}?${who}&testHooks=1${flags}`;
}

/** Opens the room URL that joins at once, in a fresh browser context, and waits until it has joined. */
export async function joinAsParticipant(
  browser: Browser,
  baseUrl: string,
  room: string,
  name: string,
  options: JoinOptions = {},
): Promise<Participant> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...options.context });
  const page = await context.newPage();
  await options.beforeLoad?.(page);
  await page.goto(meetingUrl(baseUrl, room, name, options));
  return joinedParticipant(page, name);
}

/** A page on its way into a meeting (opened with `&testHooks=1`), once it has joined. */
export async function joinedParticipant(page: Page, name: string): Promise<Participant> {
  await page.waitForSelector('[data-connection-state="connected"]', { timeout: 20_000 });
  await page.waitForFunction('window.__huddleTest !== undefined');
  return {
    page,
    name,
    peerId: async () =>
      z
        .string()
        .min(1)
        .parse(await page.locator('main.room').getAttribute('data-peer-id')),
    stats: async () => z.array(inboundSchema).parse(await page.evaluate('window.__huddleTest.stats()')),
    hook: (call) => page.evaluate(`window.__huddleTest.${call}`),
    close: () => page.context().close(),
  };
}

/** Stats of the consumers of `peerId`'s `source` track, as seen by `viewer`. */
export async function statsFrom(
  viewer: Participant,
  peerId: string,
  source: string,
): Promise<InboundStats | undefined> {
  return (await viewer.stats()).find((entry) => entry.peerId === peerId && entry.source === source);
}

/** Resolves once `viewer` decodes `from`'s camera (> 10 frames) and receives its mic (> 10 packets). */
export async function expectDecoding(viewer: Participant, from: Participant): Promise<void> {
  const peerId = await from.peerId();
  await eventually(async () => {
    const frames = (await statsFrom(viewer, peerId, 'camera'))?.framesDecoded ?? 0;
    const packets = (await statsFrom(viewer, peerId, 'mic'))?.packetsReceived ?? 0;
    if (frames <= 10 || packets <= 10) {
      throw new Error(
        `${viewer.name} has decoded ${frames} frames and received ${packets} audio packets of ${from.name}`,
      );
    }
  }, 25_000);
}

/** How many frames a page has rendered in each of its remote videos (video.getVideoPlaybackQuality()). */
export async function renderedFrames(
  page: Page,
  selector = 'article.tile video[data-consumer-id]',
): Promise<Map<string, number>> {
  const entries = await page.$$eval(selector, (videos) =>
    videos.flatMap((video) =>
      video instanceof HTMLVideoElement
        ? [[video.dataset.consumerId ?? '', video.getVideoPlaybackQuality().totalVideoFrames] as const]
        : [],
    ),
  );
  return new Map(entries);
}

/** Frames rendered so far by `viewer`'s tile video of `peerId`'s `source` (0 while there is none). */
export async function tileVideoFrames(viewer: Page, peerId: string, source = 'camera'): Promise<number> {
  const frames = await renderedFrames(viewer, `article.tile video[data-peer-id="${peerId}"][data-source="${source}"]`);
  return [...frames.values()][0] ?? 0;
}

/** Resolves once `viewer` shows `peerId`'s `source` video in a tile, with frames still advancing on screen. */
export async function expectTileVideoAdvancing(viewer: Page, peerId: string, source = 'camera'): Promise<void> {
  const first = await eventually(async () => {
    const frames = await tileVideoFrames(viewer, peerId, source);
    if (frames === 0) throw new Error(`no ${source} frames from ${peerId} on screen yet`);
    return frames;
  }, 20_000);
  await eventually(async () => {
    const frames = await tileVideoFrames(viewer, peerId, source);
    if (frames <= first + 5) throw new Error(`${source} video of ${peerId} stuck at ${frames} frames`);
  }, 10_000);
}

const SCREENSHOTS = fileURLToPath(new URL('../../docs/screenshots/', import.meta.url));

/** Saves a screenshot of the page as docs/screenshots/<name>.png (committed; linked from apps/web/README.md). */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOTS, { recursive: true });
  const path = `${SCREENSHOTS}${name}.png`;
  await page.screenshot({ path });
  return path;
}
