import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callListResponseSchema } from '@huddle/shared';
import { startLocalCluster, type LocalCluster } from '@huddle/testkit';
import { expectDecoding, joinAsParticipant, launchChromium } from '../support/browser.js';

describe('Chromium pages on two nodes of a cluster', () => {
  let cluster: LocalCluster;
  let browser: Browser;

  beforeAll(async () => {
    // One participant per node: the second page's join cannot stay on the first page's node.
    cluster = await startLocalCluster({ nodes: 2, maxPeers: 1, env: { HUDDLE_ROOM_EMPTY_GRACE_MS: '500' } });
    browser = await launchChromium();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await cluster?.stop();
  });

  it('see and hear each other, the meeting hosted on both nodes', async () => {
    const ann = await joinAsParticipant(browser, cluster.node(0).url, 'two-nodes', 'Ann');
    const bob = await joinAsParticipant(browser, cluster.node(1).url, 'two-nodes', 'Bob');
    await expectDecoding(ann, bob);
    await expectDecoding(bob, ann);
    const calls = callListResponseSchema.parse(await cluster.node(0).admin.get('/calls'));
    expect(calls.calls.find((call) => call.room === 'two-nodes')?.nodes).toEqual(['node-1', 'node-2']);
    for (const person of [ann, bob]) await person.close();
  });
});
