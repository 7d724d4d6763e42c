import type { Browser, Page } from 'playwright-core';
import { mintTokenResponseSchema, participantListResponseSchema, type Grants } from '@huddle/shared';
import { startSfu, type LocalSfu } from '@huddle/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  expectTileVideoAdvancing,
  joinAsParticipant,
  joinedParticipant,
  launchChromium,
  statsFrom,
  type Participant,
} from '../support/browser.js';
import { capturedTracks, recordCapturedTracks } from '../support/capturedTracks.js';
import { eventually } from '../support/eventually.js';

/**
 * An init script: counts getUserMedia calls (successful or not) and keeps every RTCPeerConnection the page makes,
 * so a test can read, from outside the app, whether the page asked for a device and whether it sends any RTP.
 */
function instrumentMedia(): void {
  const calls = { getUserMedia: 0 };
  const connections: RTCPeerConnection[] = [];
  const devices = navigator.mediaDevices;
  const getUserMedia = devices.getUserMedia.bind(devices);
  devices.getUserMedia = (constraints) => {
    calls.getUserMedia += 1;
    return getUserMedia(constraints);
  };
  const Native = window.RTCPeerConnection;
  window.RTCPeerConnection = class extends Native {
    constructor(configuration?: RTCConfiguration) {
      super(configuration);
      connections.push(this);
    }
  };
  const sending = async (): Promise<{ outboundRtp: number; packetsSent: number; senderTracks: number }> => {
    let outboundRtp = 0;
    let packetsSent = 0;
    let senderTracks = 0;
    for (const connection of connections) {
      if (connection.connectionState === 'closed') continue;
      senderTracks += connection.getSenders().filter((sender) => sender.track !== null).length;
      (await connection.getStats()).forEach((entry: { type?: unknown; packetsSent?: unknown }) => {
        if (entry.type !== 'outbound-rtp') return;
        outboundRtp += 1;
        if (typeof entry.packetsSent === 'number') packetsSent += entry.packetsSent;
      });
    }
    return { outboundRtp, packetsSent, senderTracks };
  };
  Object.assign(window, { __media: { calls, connections, sending } });
}

const mediaSchema = z.object({
  getUserMedia: z.number(),
  connections: z.number(),
  outboundRtp: z.number(),
  packetsSent: z.number(),
  senderTracks: z.number(),
});

/** What the page asked for and sends now (see instrumentMedia). */
async function pageMedia(page: Page): Promise<z.infer<typeof mediaSchema>> {
  return mediaSchema.parse(
    await page.evaluate(`(async () => {
      const media = window.__media;
      return { getUserMedia: media.calls.getUserMedia, connections: media.connections.length, ...(await media.sending()) };
    })()`),
  );
}

const instrumented = async (page: Page): Promise<void> => {
  await page.addInitScript(recordCapturedTracks);
  await page.addInitScript(instrumentMedia);
};

describe('a webinar in the browser', () => {
  let sfu: LocalSfu;
  let browser: Browser;

  beforeAll(async () => {
    sfu = await startSfu({ workers: 1 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await sfu?.stop();
  });

  const mint = async (identity: string, grants: Partial<Grants>): Promise<string> =>
    mintTokenResponseSchema.parse(await sfu.admin.post('/rooms/talk/tokens', { identity, name: identity, grants }))
      .token;

  /** A viewer who has no name in the URL: the viewer's pre-join (a name, no device check), then the room. */
  async function joinThroughViewerPage(name: string): Promise<Participant> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    await instrumented(page);
    await page.goto(`${sfu.url}/talk?testHooks=1`);
    await page.locator('[data-viewer-join]').waitFor();
    expect(await page.locator('[data-local="preview"]').count()).toBe(0);
    await page.getByLabel('Your name').fill(name);
    await page.getByRole('button', { name: 'Join as a viewer' }).click();
    return joinedParticipant(page, name);
  }

  it(
    'viewers watch without sending; a viewer brought on stage publishes, is taken off again, and loses chat',
    { timeout: 300_000 },
    async () => {
      await sfu.admin.post('/rooms', { slug: 'talk', mode: 'webinar' });
      const host = await joinAsParticipant(browser, sfu.url, 'talk', 'host', {
        token: await mint('host', { moderate: true }),
        beforeLoad: instrumented,
      });
      const hostId = await host.peerId();
      expect(await host.page.locator('main.room').getAttribute('data-on-stage')).toBe('true');

      // Three viewers: through the viewer's pre-join, straight in by name, and with a token without `publish`.
      const ada = await joinThroughViewerPage('Ada');
      const bo = await joinAsParticipant(browser, sfu.url, 'talk', 'Bo', { beforeLoad: instrumented });
      const cy = await joinAsParticipant(browser, sfu.url, 'talk', 'cy', {
        token: await mint('cy', { publish: false, screen: false }),
        beforeLoad: instrumented,
      });
      const viewers = [ada, bo, cy];
      const [adaId, boId, cyId] = await Promise.all(viewers.map((viewer) => viewer.peerId()));
      if (adaId === undefined || boId === undefined || cyId === undefined) throw new Error('no viewer ids');

      for (const viewer of viewers) {
        const room = viewer.page.locator('main.room');
        expect(await room.getAttribute('data-mode')).toBe('webinar');
        expect(await room.getAttribute('data-on-stage')).toBe('false');
        await viewer.page.locator('[data-viewer-count]').filter({ hasText: '3 watching' }).waitFor();
        // The host's camera plays and its mic is heard.
        await expectTileVideoAdvancing(viewer.page, hostId);
        await eventually(async () => {
          const mic = await statsFrom(viewer, hostId, 'mic');
          expect(mic?.packetsReceived ?? 0).toBeGreaterThan(50);
          expect(mic?.audioLevel ?? 0).toBeGreaterThan(0);
        }, 20_000);
        // A viewer has no tile, no mic, camera or share buttons, and sends nothing at all.
        expect(await viewer.page.locator('article.tile[data-self]').count()).toBe(0);
        for (const control of ['Mute microphone', 'Unmute microphone', 'Turn on camera', 'Share screen']) {
          expect(await viewer.page.getByRole('button', { name: control }).count()).toBe(0);
        }
        await viewer.page.getByRole('button', { name: 'Raise hand' }).waitFor();
        const media = await pageMedia(viewer.page);
        expect(media).toMatchObject({ getUserMedia: 0, outboundRtp: 0, packetsSent: 0, senderTracks: 0 });
        expect(media.connections).toBeGreaterThan(0);
        expect(await capturedTracks(viewer.page)).toEqual([]);
      }
      expect((await pageMedia(host.page)).outboundRtp).toBeGreaterThan(0);

      // The host sees the viewers (not on the stage), their raised hands and their chat.
      await host.page.locator('[data-viewer-count]').filter({ hasText: '3 watching' }).waitFor();
      await host.page.getByRole('button', { name: /^Participants/ }).click();
      for (const id of [adaId, boId, cyId]) await host.page.locator(`[data-viewer="${id}"]`).waitFor();
      expect(await host.page.locator('[data-person]').count()).toBe(1);
      await bo.page.getByRole('button', { name: 'Raise hand' }).click();
      await host.page.locator(`[data-viewer="${boId}"][data-hand-raised="true"]`).waitFor();
      await ada.page.getByRole('button', { name: /^Chat/ }).click();
      await ada.page.getByRole('textbox').fill('Great talk!');
      await ada.page.keyboard.press('Enter');
      await host.page.getByRole('button', { name: 'Chat, 1 unread' }).click();
      await host.page.locator('[data-chat-line="message"]').filter({ hasText: 'Great talk!' }).waitFor();
      await host.page.getByRole('button', { name: /^Participants/ }).click();

      // Bo is brought on stage: told, asks for the camera and mic, publishes; the others decode it.
      await host.page.getByRole('button', { name: 'Bring Bo on stage' }).click();
      await bo.page.locator('[data-notice]').filter({ hasText: 'brought you on stage' }).waitFor();
      await bo.page.locator('main.room[data-on-stage="true"]').waitFor();
      await expectTileVideoAdvancing(ada.page, boId);
      await expectTileVideoAdvancing(cy.page, boId);
      await expectTileVideoAdvancing(host.page, boId);
      await eventually(async () =>
        expect((await statsFrom(host, boId, 'mic'))?.packetsReceived ?? 0).toBeGreaterThan(20),
      );
      const onStage = await pageMedia(bo.page);
      expect(onStage.getUserMedia).toBeGreaterThan(0);
      expect(onStage.outboundRtp).toBeGreaterThan(0);
      await bo.page.getByRole('button', { name: 'Mute microphone' }).waitFor();
      await host.page.locator(`[data-person="${boId}"]`).waitFor();
      await host.page.locator('[data-viewer-count]').filter({ hasText: '2 watching' }).waitFor();

      // Taken off the stage: its producers close, its camera and mic are let go, its tile goes.
      await host.page.getByRole('button', { name: 'Move Bo to the audience' }).click();
      await bo.page.locator('main.room[data-on-stage="false"]').waitFor();
      await eventually(async () => {
        const { participants } = participantListResponseSchema.parse(await sfu.admin.get('/rooms/talk/participants'));
        expect(participants.find((participant) => participant.peerId === boId)?.producers).toEqual([]);
      });
      await ada.page.locator(`article.tile[data-peer-id="${boId}"]`).waitFor({ state: 'detached' });
      await eventually(async () => {
        const tracks = await capturedTracks(bo.page);
        expect(tracks.length).toBeGreaterThan(0);
        expect(tracks.every((track) => track.readyState === 'ended')).toBe(true);
        expect((await pageMedia(bo.page)).senderTracks).toBe(0);
      });
      expect(await bo.page.getByRole('button', { name: 'Mute microphone' }).count()).toBe(0);
      await host.page.locator('[data-viewer-count]').filter({ hasText: '3 watching' }).waitFor();

      // Chat revoked for Cy: its chat box goes, and sending fails with FORBIDDEN.
      await cy.page.getByRole('button', { name: /^Chat/ }).click();
      await cy.page.getByRole('textbox').waitFor();
      expect(await cy.hook('sendChat("before")')).toBe('ok');
      await host.page.getByRole('button', { name: 'Permissions of cy' }).click();
      await host.page.getByRole('button', { name: 'Revoke chat for cy' }).click();
      await cy.page.locator('[data-chat-off]').waitFor();
      expect(await cy.page.getByRole('textbox').count()).toBe(0);
      expect(await cy.hook('sendChat("after")')).toBe('FORBIDDEN');
      await host.page.locator('[data-permissions] [data-grant="chat"][data-allowed="false"]').waitFor();

      await Promise.all([host, ...viewers].map((participant) => participant.close()));
    },
  );

  it('keeps a 1,000-entry participant list to a screenful of rows while it scrolls', { timeout: 120_000 }, async () => {
    const alone = await joinAsParticipant(browser, sfu.url, 'crowded', 'Solo', { camera: false, mic: false });
    await alone.hook('addSyntheticPeers(1000)');
    await alone.page.getByRole('button', { name: 'Participants (1001)' }).click();
    const list = alone.page.locator('[data-virtual-list]');
    await list.locator('[data-person="synthetic-0"]').waitFor();
    const rendered = (): Promise<number> => alone.page.locator('[data-person]').count();
    const initially = await rendered();
    expect(initially).toBeGreaterThan(5);
    expect(initially).toBeLessThan(40);
    const started = Date.now();
    for (let step = 1; step <= 20; step += 1) {
      await list.evaluate((element, fraction) => {
        element.scrollTop = (element.scrollHeight - element.clientHeight) * fraction;
      }, step / 20);
      await alone.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)));
      expect(await rendered()).toBeLessThan(40);
    }
    process.stderr.write(`[webinar] 20 scroll steps through 1,001 people in ${Date.now() - started} ms\n`);
    // Hands first: the synthetic raised hands (every 50th) lead; the bottom of the list is the last plain entry.
    await list.locator('[data-person="synthetic-999"]').waitFor();
    expect(await rendered()).toBeLessThan(40);
    await alone.close();
  });
});
