import type { Browser } from 'playwright-core';
import { startSfu, type LocalSfu } from '@huddle/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectTileVideoAdvancing, joinAsParticipant, launchChromium, type Participant } from '../support/browser.js';

const ROOM = 'frozen-server';
const FROZEN_MS = 8000;

describe('a server that stops answering (SIGSTOP) and comes back (SIGCONT)', () => {
  let sfu: LocalSfu;
  let browser: Browser;
  let ann: Participant;
  let bob: Participant;
  let frozen = false;

  beforeAll(async () => {
    sfu = await startSfu({ workers: 1 });
    browser = await launchChromium();
    ann = await joinAsParticipant(browser, sfu.url, ROOM, 'Ann', { mic: false });
    bob = await joinAsParticipant(browser, sfu.url, ROOM, 'Bob', { mic: false });
  });
  afterAll(async () => {
    if (frozen) process.kill(sfu.pid, 'SIGCONT');
    await browser?.close();
    await sfu?.stop();
  });

  it('shows the reconnect banner within 6 s and is back in the call within 5 s of SIGCONT, no reload', async () => {
    const annId = await ann.peerId();
    const bobId = await bob.peerId();
    await expectTileVideoAdvancing(ann.page, bobId);
    await ann.page.evaluate('window.__sameDocument = true');

    // The SFU's Node process freezes: its sockets stay open (the kernel holds them) but nothing answers. Its
    // media workers are separate processes and keep forwarding; its own heartbeat stalls with it.
    process.kill(sfu.pid, 'SIGSTOP');
    frozen = true;
    const stoppedAt = Date.now();
    const noticed = await Promise.all(
      [ann, bob].map(async (person) => {
        await person.page.locator('[data-banner="reconnecting"]').waitFor({ timeout: 6_000 });
        return Date.now() - stoppedAt;
      }),
    );
    expect(await ann.page.locator('main.room').getAttribute('data-connection-state')).toBe('reconnecting');
    await new Promise((resolve) => setTimeout(resolve, stoppedAt + FROZEN_MS - Date.now()));

    process.kill(sfu.pid, 'SIGCONT');
    frozen = false;
    const continuedAt = Date.now();
    const back = await Promise.all(
      [ann, bob].map(async (person) => {
        await person.page.locator('main.room[data-connection-state="connected"]').waitFor({ timeout: 5_000 });
        return Date.now() - continuedAt;
      }),
    );
    process.stderr.write(
      `[meeting-liveness] banner ${noticed.join(' / ')} ms after SIGSTOP; connected ${back.join(' / ')} ms after SIGCONT\n`,
    );

    expect(await ann.peerId()).toBe(annId);
    expect(await ann.page.evaluate('window.__sameDocument')).toBe(true);
    await expectTileVideoAdvancing(ann.page, bobId);
    await expectTileVideoAdvancing(bob.page, annId);
    await Promise.all([ann.close(), bob.close()]);
  });
});
