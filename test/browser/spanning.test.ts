import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectDecoding, joinAsParticipant, launchChromium } from '../support/browser.js';
import { mediaDump, startSfu, type LocalSfu } from '@huddle/testkit';

describe('a room spanning two workers', () => {
  let sfu: LocalSfu;
  let browser: Browser;

  beforeAll(async () => {
    sfu = await startSfu({ workers: 2, env: { HUDDLE_CONSUMER_BUDGET: '1' } });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await sfu?.stop();
  });

  it('pipes media both ways between the routers', async () => {
    const ann = await joinAsParticipant(browser, sfu.url, 'span', 'Ann');
    const bob = await joinAsParticipant(browser, sfu.url, 'span', 'Bob');
    await expectDecoding(ann, bob);
    const cat = await joinAsParticipant(browser, sfu.url, 'span', 'Cat');
    const room = (await mediaDump(sfu)).rooms.find((entry) => entry.roomId === 'span');
    expect(room?.routers.map((router) => router.worker).sort()).toEqual([0, 1]);
    await expectDecoding(cat, ann);
    await expectDecoding(cat, bob);
    await expectDecoding(ann, cat);
    await expectDecoding(bob, cat);
    for (const person of [ann, bob, cat]) await person.close();
  });
});
