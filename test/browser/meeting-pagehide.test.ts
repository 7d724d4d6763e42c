import type { Browser } from 'playwright-core';
import { SignalProbe, startSfu, type LocalSfu } from '@huddle/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinAsParticipant, launchChromium } from '../support/browser.js';
import { capturedTracks, recordCapturedTracks } from '../support/capturedTracks.js';
import { eventually } from '../support/eventually.js';

describe('closing the tab', () => {
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

  it('leaves the room at once: the others see peerLeft within 1 s, not a “reconnecting” ghost', async () => {
    const watcher = await SignalProbe.connect(sfu.wsUrl);
    await watcher.join('tab-close', 'Watcher');
    const ann = await joinAsParticipant(browser, sfu.url, 'tab-close', 'Ann', {
      beforeLoad: (page) => page.addInitScript(recordCapturedTracks),
    });
    const annId = await ann.peerId();
    await watcher.waitForNotification('peerJoined', (data) => data.peer.peerId === annId);
    await eventually(async () =>
      expect((await capturedTracks(ann.page)).map((track) => track.readyState)).toEqual(['live', 'live']),
    );

    const closedAt = Date.now();
    await ann.page.close({ runBeforeUnload: true });
    await watcher.waitForNotification('peerLeft', (data) => data.peerId === annId, 5_000);
    const left = watcher.notifications.find(
      (entry) => entry.name === 'peerLeft' && JSON.stringify(entry.data).includes(annId),
    );
    process.stderr.write(`[meeting-pagehide] peerLeft ${(left?.at ?? 0) - closedAt} ms after the tab closed\n`);
    expect((left?.at ?? Infinity) - closedAt).toBeLessThan(1_000);
    const ghost = watcher.notifications.filter(
      (entry) => entry.name === 'peerStateChanged' && JSON.stringify(entry.data).includes(annId),
    );
    expect(ghost).toEqual([]);
    await ann.close();
    await watcher.close();
  });
});
