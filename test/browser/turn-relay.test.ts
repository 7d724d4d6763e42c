import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startCoturn, type RunningCoturn } from '@huddle/services';
import { startSfu, type LocalSfu } from '@huddle/testkit';
import { expectTileVideoAdvancing, joinAsParticipant, launchChromium, type Participant } from '../support/browser.js';
import { eventually } from '../support/eventually.js';

const ROOM = 'behind-a-firewall';

const pathSchema = z
  .object({ localType: z.string().nullable(), remoteType: z.string().nullable(), protocol: z.string().nullable() })
  .nullable();
const linkSchema = z.object({
  send: z.object({ path: pathSchema }).nullable(),
  recv: z.object({ path: pathSchema }).nullable(),
});

/** The selected candidate pairs of a page's send and receive transports. */
async function paths(person: Participant) {
  const link = linkSchema.parse(await person.hook('linkStats()'));
  return { send: link.send?.path ?? null, recv: link.recv?.path ?? null };
}

describe('a participant whose media may only go through TURN (Debian coturn, REST API credentials)', () => {
  let turn: RunningCoturn;
  let sfu: LocalSfu;
  let browser: Browser;

  beforeAll(async () => {
    // Everything is on this machine: coturn must relay to the SFU's loopback address (never in production).
    turn = await startCoturn({ allowLoopbackPeers: true });
    sfu = await startSfu({
      workers: 1,
      env: { HUDDLE_TURN_URLS: turn.urls.join(','), HUDDLE_TURN_SECRET: turn.secret, HUDDLE_TURN_TTL_SECONDS: '600' },
    });
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await sfu?.stop();
    await turn?.stop();
  });

  it('joins with ICE transport policy "relay", sends and decodes video over relayed candidate pairs', async () => {
    const open = await joinAsParticipant(browser, sfu.url, ROOM, 'Olga Open', { mic: false });
    const relayed = await joinAsParticipant(browser, sfu.url, ROOM, 'Rui Relayed', { mic: false, relay: true });
    const [openId, relayedId] = [await open.peerId(), await relayed.peerId()];

    await expectTileVideoAdvancing(relayed.page, openId);
    await expectTileVideoAdvancing(open.page, relayedId);

    // The relay-only page reaches the SFU through coturn both ways; the other one goes straight to the SFU.
    await eventually(async () => {
      const { send, recv } = await paths(relayed);
      expect(send?.localType).toBe('relay');
      expect(recv?.localType).toBe('relay');
    }, 10_000);
    // Its own connection indicator says so.
    await relayed.page
      .locator('article.tile[data-self="true"] [role="img"][aria-label*="via TURN relay"]')
      .waitFor({ timeout: 10_000 });
    const direct = await paths(open);
    expect(direct.send?.localType).toBe('host');
    expect(direct.recv?.localType).toBe('host');
    await relayed.close();
    await open.close();
  });
});
