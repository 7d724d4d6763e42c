import { chromium, type Browser, type Page } from 'playwright-core';
import { z } from 'zod';

/** Debian's Chromium (never a downloaded browser), with fake camera, microphone and screen. */
export async function launchChromium(): Promise<Browser> {
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
      '--use-fake-device-for-media-stream',
      '--use-fake-ui-for-media-stream',
      '--autoplay-policy=no-user-gesture-required',
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

/** Opens `<sfu>/<room>?name=<name>&testHooks=1` in a fresh browser context and waits until it has joined. */
export async function joinAsParticipant(
  browser: Browser,
  baseUrl: string,
  room: string,
  name: string,
): Promise<Participant> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.goto(`${baseUrl}/${room}?name=${encodeURIComponent(name)}&testHooks=1`);
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
    close: () => context.close(),
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
