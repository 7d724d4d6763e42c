import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinAsParticipant, launchChromium, statsFrom, type Participant } from '../support/browser.js';
import { mediaDump, startSfu, type LocalSfu } from '@huddle/testkit';
import { eventually } from '../support/eventually.js';

async function decodingCamera(viewer: Participant, from: Participant): Promise<string> {
  const peerId = await from.peerId();
  return eventually(async () => {
    const stats = await statsFrom(viewer, peerId, 'camera');
    expect(stats?.framesDecoded ?? 0).toBeGreaterThan(10);
    return stats?.consumerId ?? '';
  }, 25_000);
}

describe('a media worker dying under a call', () => {
  let sfu: LocalSfu;
  let browser: Browser;

  beforeAll(async () => {
    sfu = await startSfu({ workers: 2 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await sfu?.stop();
  });

  it('brings every browser back into a fresh router with media flowing, without a reload', async () => {
    const ann = await joinAsParticipant(browser, sfu.url, 'phoenix', 'Ann');
    const bob = await joinAsParticipant(browser, sfu.url, 'phoenix', 'Bob');
    const before = await decodingCamera(ann, bob);
    const oldIds = await Promise.all([ann.peerId(), bob.peerId()]);
    const dump = await mediaDump(sfu);
    const index = dump.rooms.find((room) => room.roomId === 'phoenix')?.routers[0]?.worker;
    const victim = dump.workers.find((worker) => worker.index === index);
    process.kill(victim?.pid ?? 0, 'SIGKILL');

    // Each page rejoins by itself as a new peer (the old one went with the router) and ends up connected.
    for (const [index, person] of [ann, bob].entries()) {
      await eventually(async () => {
        expect(await person.peerId()).not.toBe(oldIds[index]);
        expect(await person.page.locator('main.room').getAttribute('data-connection-state')).toBe('connected');
      }, 20_000);
    }
    const after = await decodingCamera(ann, bob);
    expect(after).not.toBe(before);
    await decodingCamera(bob, ann);
    const rooms = (await mediaDump(sfu)).rooms.filter((room) => room.roomId === 'phoenix');
    expect(rooms).toHaveLength(1);
    expect(rooms[0]?.peers).toBe(2);
    await Promise.all([ann.close(), bob.close()]);
  });
});
