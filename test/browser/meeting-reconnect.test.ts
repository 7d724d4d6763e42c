import type { Browser, WebSocketRoute } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectTileVideoAdvancing, joinAsParticipant, launchChromium, type Participant } from '../support/browser.js';
import { startSfu, type LocalSfu } from '@huddle/testkit';
import { eventually } from '../support/eventually.js';

const ROOM = 'wobbly-network';
const OUTAGE_MS = 3000;

describe('signaling drops mid-call', () => {
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
    browser = await launchChromium();
    ann = await joinAsParticipant(browser, sfu.url, ROOM, 'Ann', {
      mic: false,
      beforeLoad: (page) =>
        page.routeWebSocket(/\/ws$/, (socket) => {
          if (Date.now() < outageUntil) {
            void socket.close({ code: 4000, reason: 'network down' });
            return;
          }
          sockets.push({ page: socket, server: socket.connectToServer() });
        }),
    });
    bob = await joinAsParticipant(browser, sfu.url, ROOM, 'Bob', { mic: false });
  });
  afterAll(async () => {
    await browser?.close();
    await sfu?.stop();
  });

  it('shows a reconnect banner, then resumes the same session with media flowing, without a reload', async () => {
    const annId = await ann.peerId();
    const bobId = await bob.peerId();
    await expectTileVideoAdvancing(ann.page, bobId);
    await ann.page.evaluate('window.__sameDocument = true');

    // Cut the socket abruptly on both ends, and keep the server unreachable for a while.
    const dropped = Date.now();
    outageUntil = dropped + OUTAGE_MS;
    for (const socket of sockets.splice(0)) {
      await socket.server.close({ code: 4000, reason: 'network down' });
      await socket.page.close({ code: 4000, reason: 'network down' });
    }
    const banner = ann.page.locator('[data-banner="reconnecting"]');
    await banner.waitFor();
    expect(await banner.textContent()).toContain('Reconnecting');
    const reconnected = ann.page
      .locator('main.room[data-connection-state="connected"]')
      .waitFor({ timeout: 20_000 })
      .then(() => Date.now() - dropped);
    await bob.page.locator(`article.tile[data-peer-id="${annId}"][data-peer-state="reconnecting"]`).waitFor();
    // What is said during the outage reaches Ann once she is back (the chat history fills the gap).
    await bob.page.getByRole('button', { name: /^Chat/ }).click();
    await bob.page.getByRole('textbox', { name: 'Chat message' }).fill('Ann, you froze for a second');
    await bob.page.getByRole('textbox', { name: 'Chat message' }).press('Enter');

    const reconnectedMs = await reconnected;
    await ann.page.locator('[data-banner="recovered"]').waitFor();
    await ann.page.locator('[data-banner]').waitFor({ state: 'detached', timeout: 10_000 });
    process.stderr.write(
      `[meeting-reconnect] socket dropped → connected again in ${reconnectedMs} ms (outage ${OUTAGE_MS} ms)\n`,
    );

    expect(await ann.peerId()).toBe(annId);
    expect(await ann.page.evaluate('window.__sameDocument')).toBe(true);
    await bob.page.locator(`article.tile[data-peer-id="${annId}"][data-peer-state="connected"]`).waitFor();
    await expectTileVideoAdvancing(ann.page, bobId);
    await expectTileVideoAdvancing(bob.page, annId);
    await ann.page.getByRole('button', { name: 'Chat, 1 unread' }).click();
    await eventually(async () =>
      expect(await ann.page.locator('[data-chat-line="message"] .text').allTextContents()).toContain(
        'Ann, you froze for a second',
      ),
    );
    await ann.close();
    await bob.close();
  });
});
