import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { joinAsParticipant, launchChromium, statsFrom, type Participant } from '../support/browser.js';
import { expectNoMediaLeft, startSfu, type LocalSfu, SignalProbe } from '@huddle/testkit';
import { eventually } from '../support/eventually.js';

/** Resolves once `viewer` decodes `peerId`'s `source` video with frames still advancing. */
async function expectVideoFlowing(viewer: Participant, peerId: string, source: string): Promise<void> {
  const first = await eventually(async () => {
    const stats = await statsFrom(viewer, peerId, source);
    expect(stats?.framesDecoded ?? 0).toBeGreaterThan(0);
    return stats?.framesDecoded ?? 0;
  }, 20_000);
  await eventually(async () => {
    expect((await statsFrom(viewer, peerId, source))?.framesDecoded ?? 0).toBeGreaterThan(first + 5);
  }, 10_000);
}

async function expectAudioFlowing(viewer: Participant, peerId: string): Promise<void> {
  await eventually(async () => {
    expect((await statsFrom(viewer, peerId, 'mic'))?.packetsReceived ?? 0).toBeGreaterThan(20);
  }, 20_000);
}

describe('a three-party call in Chromium', () => {
  let sfu: LocalSfu;
  let browser: Browser;
  const people: Participant[] = [];

  beforeAll(async () => {
    sfu = await startSfu({ workers: 1, env: { HUDDLE_ROOM_EMPTY_GRACE_MS: '500', HUDDLE_RECONNECT_GRACE_MS: '2000' } });
    browser = await launchChromium();
    for (const name of ['Ann', 'Bob', 'Cat']) people.push(await joinAsParticipant(browser, sfu.url, 'call', name));
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await sfu?.stop();
  });

  it('delivers every camera and microphone to every other participant', async () => {
    for (const viewer of people) {
      for (const other of people) {
        if (other === viewer) continue;
        const peerId = await other.peerId();
        await expectVideoFlowing(viewer, peerId, 'camera');
        await expectAudioFlowing(viewer, peerId);
      }
    }
  });

  it('reports audio levels and the active speaker from real browser audio', async () => {
    const observer = await SignalProbe.connect(sfu.wsUrl);
    onTestFinished(() => observer.close());
    await observer.join('call', 'Observer');
    const ids = await Promise.all(people.map((person) => person.peerId()));
    const levels = await observer.waitForNotification('audioLevelsChanged', (data) => data.levels.length > 0);
    for (const level of levels.levels) {
      expect(ids).toContain(level.peerId);
      expect(level.volume).toBeLessThanOrEqual(0);
    }
    const speaker = await observer.waitForNotification('activeSpeakerChanged');
    expect(ids).toContain(speaker.peerId);
    await observer.close();
  });

  it('drops the decoded width when a viewer asks for spatial layer 0', async () => {
    const [ann, bob] = people;
    if (!ann || !bob) throw new Error('participants missing');
    const bobId = await bob.peerId();
    const high = await eventually(async () => {
      const stats = await statsFrom(ann, bobId, 'camera');
      expect(stats?.frameWidth ?? 0).toBeGreaterThanOrEqual(640);
      return stats;
    }, 30_000);
    await ann.hook(`setPreferredLayers(${JSON.stringify(high?.consumerId)}, 0)`);
    await eventually(async () => {
      const stats = await statsFrom(ann, bobId, 'camera');
      expect(stats?.frameWidth ?? 0).toBeGreaterThan(0);
      expect(stats?.frameWidth ?? 0).toBeLessThanOrEqual(320);
    }, 20_000);
    await ann.hook(`setPreferredLayers(${JSON.stringify(high?.consumerId)}, 2)`);
    await eventually(async () => {
      expect((await statsFrom(ann, bobId, 'camera'))?.frameWidth ?? 0).toBeGreaterThanOrEqual(640);
    }, 20_000);
  });

  it('notifies the others when a participant mutes its mic, and its audio stops', async () => {
    const [ann, bob, cat] = people;
    if (!ann || !bob || !cat) throw new Error('participants missing');
    const bobId = await bob.peerId();
    await bob.hook(`setMuted('mic', true)`);
    for (const viewer of [ann, cat]) {
      await viewer.page.waitForSelector(`audio[data-peer-id="${bobId}"][data-source="mic"][data-paused="true"]`, {
        state: 'attached',
        timeout: 10_000,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const before = (await statsFrom(ann, bobId, 'mic'))?.packetsReceived ?? 0;
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const after = (await statsFrom(ann, bobId, 'mic'))?.packetsReceived ?? 0;
    expect(after - before).toBeLessThanOrEqual(2);
    await bob.hook(`setMuted('mic', false)`);
    await ann.page.waitForSelector(`audio[data-peer-id="${bobId}"][data-source="mic"][data-paused="false"]`, {
      state: 'attached',
      timeout: 10_000,
    });
  });

  it('shows a shared screen to the others', async () => {
    const [ann, bob, cat] = people;
    if (!ann || !bob || !cat) throw new Error('participants missing');
    await cat.hook('shareScreen()');
    const catId = await cat.peerId();
    await expectVideoFlowing(ann, catId, 'screen');
    await expectVideoFlowing(bob, catId, 'screen');
  });

  it('closes the consumers of a participant who leaves, on everyone else', async () => {
    const [ann, bob, cat] = people;
    if (!ann || !bob || !cat) throw new Error('participants missing');
    const bobId = await bob.peerId();
    await bob.hook('leave()');
    for (const viewer of [ann, cat]) {
      await eventually(async () => {
        expect((await viewer.stats()).filter((entry) => entry.peerId === bobId)).toEqual([]);
      });
      await viewer.page.waitForSelector(`article.tile[data-peer-id="${bobId}"]`, {
        state: 'detached',
        timeout: 10_000,
      });
    }
  });

  it('leaves nothing in the workers once everyone has gone', async () => {
    for (const person of people) await person.close();
    await expectNoMediaLeft(sfu, 25_000);
  });
});
