import type { Browser, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSfu, type LocalSfu } from '@huddle/testkit';
import {
  expectTileVideoAdvancing,
  joinAsParticipant,
  launchChromium,
  statsFrom,
  type Participant,
} from '../support/browser.js';
import { eventually } from '../support/eventually.js';

const ROOM = 'quality-check';

describe('the quality a person sees: indicators from statistics, low bandwidth, a poor connection', () => {
  let sfu: LocalSfu;
  let browser: Browser;
  let ann: Participant;
  let bob: Participant;
  /** The page's end of Ann's signaling socket, where server notifications can be added. */
  let annSocket: WebSocketRoute | undefined;

  beforeAll(async () => {
    sfu = await startSfu({ workers: 1 });
    browser = await launchChromium();
    ann = await joinAsParticipant(browser, sfu.url, ROOM, 'Ann', {
      camera: false,
      mic: false,
      beforeLoad: (page) =>
        page.routeWebSocket(/\/ws$/, (socket) => {
          annSocket = socket;
          socket.connectToServer();
        }),
    });
    bob = await joinAsParticipant(browser, sfu.url, ROOM, 'Bob');
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await sfu?.stop();
  });

  let bobId = '';
  const bobTile = () => ann.page.locator(`article.tile[data-peer-id="${bobId}"]`);

  it('rates the connection from WebRTC statistics and shows the figures behind it', async () => {
    bobId = await bob.peerId();
    await expectTileVideoAdvancing(ann.page, bobId);
    // Bob as he reaches Ann: bitrate, loss and his camera's frame rate; Ann's own link: the round trip too.
    const bars = bobTile().locator('footer [role="img"]').last();
    await eventually(async () => {
      expect(await bars.getAttribute('aria-label')).toMatch(
        /connection: [\d.]+ (k|M)bit\/s · [\d.]+ % loss · \d+ fps$/,
      );
    }, 15_000);
    const own = bob.page.locator('article.tile[data-self="true"] footer [role="img"]').last();
    await eventually(async () => {
      expect(await own.getAttribute('aria-label')).toMatch(/connection: [\d.]+ (k|M)bit\/s · .*\d+ ms$/);
    }, 15_000);
  });

  it('labels a video the SFU holds for bandwidth, keeps the sound, and says the connection is poor', async () => {
    const camera = await statsFrom(ann, bobId, 'camera');
    if (!camera || !annSocket) throw new Error('no camera consumer or socket');
    // The SFU's allocator would send this when Ann's downlink cannot carry Bob's lowest layer.
    const suspend = (suspended: boolean): void =>
      annSocket?.send(
        JSON.stringify({
          notification: 'consumerSuspended',
          data: { consumerId: camera.consumerId, suspended, ...(suspended ? { reason: 'bandwidth' } : {}) },
        }),
      );
    suspend(true);
    await bobTile().locator('[data-low-bandwidth]').getByText('Low bandwidth').waitFor();
    expect(await bobTile().locator('video[data-source="camera"]').getAttribute('data-suspended')).toBe('bandwidth');
    // The tile keeps its claim on the video (the SFU resumes it by itself), and Bob's voice goes on.
    expect(await bobTile().locator('video[data-source="camera"]').getAttribute('data-receiving')).toBe('on');
    const voice = (await statsFrom(ann, bobId, 'mic'))?.packetsReceived ?? 0;
    await eventually(async () => {
      expect((await statsFrom(ann, bobId, 'mic'))?.packetsReceived ?? 0).toBeGreaterThan(voice + 50);
    });
    // Videos held for our bandwidth make our own link poor: after two readings the page says so.
    await ann.page.locator('[data-banner="poor-connection"]').waitFor({ timeout: 10_000 });
    expect(await ann.page.locator('article.tile[data-self="true"]').getAttribute('data-quality')).toBe('poor');

    suspend(false);
    await bobTile().locator('[data-low-bandwidth]').waitFor({ state: 'detached' });
    await expectTileVideoAdvancing(ann.page, bobId);
    await ann.page.locator('[data-banner="poor-connection"]').waitFor({ state: 'detached', timeout: 15_000 });
    await ann.close();
    await bob.close();
  });
});
