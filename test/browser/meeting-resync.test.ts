import type { Browser, WebSocketRoute } from 'playwright-core';
import { participantListResponseSchema } from '@huddle/shared';
import { startSfu, type LocalSfu } from '@huddle/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectTileVideoAdvancing, joinAsParticipant, launchChromium, type Participant } from '../support/browser.js';
import { eventually } from '../support/eventually.js';

const ROOM = 'offline-changes';
const OUTAGE_MS = 3000;

describe('changes made while the socket is down', () => {
  let sfu: LocalSfu;
  let browser: Browser;
  let ann: Participant;
  let bob: Participant;
  /** Ann's live sockets: the page's end and the server's, as Playwright routes them. */
  const sockets: Array<{ page: WebSocketRoute; server: WebSocketRoute }> = [];
  /** While this is in the future, Ann's page cannot reach the server (new sockets are closed at once). */
  let outageUntil = 0;

  beforeAll(async () => {
    sfu = await startSfu({ workers: 1 });
    await sfu.admin.post('/rooms', { slug: ROOM });
    browser = await launchChromium();
    ann = await joinAsParticipant(browser, sfu.url, ROOM, 'Ann', {
      beforeLoad: (page) =>
        page.routeWebSocket(/\/ws$/, (socket) => {
          if (Date.now() < outageUntil) {
            void socket.close({ code: 4000, reason: 'network down' });
            return;
          }
          sockets.push({ page: socket, server: socket.connectToServer() });
        }),
    });
    bob = await joinAsParticipant(browser, sfu.url, ROOM, 'Bob', { mic: false, camera: false });
  });
  afterAll(async () => {
    await browser?.close();
    await sfu?.stop();
  });

  it('reach the others once it is back: a mic muted and a camera turned off during a 3 s cut', async () => {
    const annId = await ann.peerId();
    await expectTileVideoAdvancing(bob.page, annId);
    const annOnBob = bob.page.locator(`[data-person="${annId}"]`);
    await bob.page.getByRole('button', { name: /^Participants/ }).click();
    await annOnBob.and(bob.page.locator('[data-mic="on"][data-camera="on"]')).waitFor();

    // Cut Ann's socket on both ends and keep the server out of reach for 3 s, and until the changes are made.
    const cutAt = Date.now();
    outageUntil = Infinity;
    for (const socket of sockets.splice(0)) {
      await socket.server.close({ code: 4000, reason: 'network down' });
      await socket.page.close({ code: 4000, reason: 'network down' });
    }
    await ann.page.locator('[data-banner="reconnecting"]').waitFor();
    // Offline, the controls still answer at once (locally): mute, camera off.
    await ann.page.getByRole('button', { name: 'Mute microphone' }).click();
    await ann.page.getByRole('button', { name: 'Unmute microphone' }).waitFor();
    await ann.page.getByRole('button', { name: 'Turn off camera' }).click();
    await ann.page.getByRole('button', { name: 'Turn on camera' }).waitFor();
    // The server has not heard of it: for Bob, Ann is reconnecting with her mic and camera as they were.
    await annOnBob.and(bob.page.locator('[data-mic="on"][data-camera="on"]')).waitFor();
    expect(await ann.page.locator('main.room').getAttribute('data-connection-state')).toBe('reconnecting');
    outageUntil = Math.max(Date.now(), cutAt + OUTAGE_MS);

    await ann.page.locator('main.room[data-connection-state="connected"]').waitFor({ timeout: 20_000 });
    expect(await ann.peerId()).toBe(annId);
    await annOnBob.and(bob.page.locator('[data-mic="muted"][data-camera="off"]')).waitFor({ timeout: 10_000 });
    await bob.page
      .locator(`article.tile video[data-peer-id="${annId}"][data-source="camera"]`)
      .waitFor({ state: 'detached', timeout: 10_000 });
    await bob.page.locator(`audio[data-peer-id="${annId}"][data-source="mic"][data-paused="true"]`).waitFor({
      state: 'attached',
    });
    // The server's own account agrees: one producer left, Ann's mic, paused.
    await eventually(async () => {
      const { participants } = participantListResponseSchema.parse(await sfu.admin.get(`/rooms/${ROOM}/participants`));
      const producers = participants.find((participant) => participant.peerId === annId)?.producers ?? [];
      expect(producers.map(({ source, paused }) => ({ source, paused }))).toEqual([{ source: 'mic', paused: true }]);
    });
    await Promise.all([ann.close(), bob.close()]);
  });
});
