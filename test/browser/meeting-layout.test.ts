import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectTileVideoAdvancing,
  joinAsParticipant,
  launchChromium,
  saveScreenshot,
  statsFrom,
  type JoinOptions,
  type Participant,
} from '../support/browser.js';
import { layer, limited, publication } from '../support/publication.js';
import { drawnScreenShare, fakeCameraClip } from '../support/screenshotMedia.js';
import { startSfu, type LocalSfu } from '@huddle/testkit';
import { eventually } from '../support/eventually.js';

const ROOM = 'design-review';

function cameraVideo(page: Page, peerId: string) {
  return page.locator(`article.tile video[data-peer-id="${peerId}"][data-source="camera"]`);
}

/** What `viewer` asked the SFU for `peerId`'s camera, what the SFU says it sends, and the decoded width. */
async function layers(viewer: Participant, peerId: string) {
  const video = cameraVideo(viewer.page, peerId);
  return {
    requested: await video.getAttribute('data-requested-layer'),
    current: await video.getAttribute('data-current-layer'),
    frameWidth: (await statsFrom(viewer, peerId, 'camera'))?.frameWidth ?? 0,
  };
}

async function framesDecoded(viewer: Participant, peerId: string): Promise<number> {
  return (await statsFrom(viewer, peerId, 'camera'))?.framesDecoded ?? 0;
}

describe('meeting layout: grid, simulcast by tile size, pages, screen share, phone', () => {
  let sfu: LocalSfu;
  /** A browser per person: each plays its own camera clip (Chromium's fake camera file is browser-wide). */
  const browsers: Browser[] = [];
  let ann: Participant;
  let others: Participant[] = [];
  const ids = new Map<Participant, string>();

  async function join(name: string, options: JoinOptions = {}): Promise<Participant> {
    const browser = await launchChromium({ cameraFile: await fakeCameraClip(browsers.length) });
    browsers.push(browser);
    // Microphones off but Ben's: one steady active speaker, so no tile reordering under the assertions.
    return joinAsParticipant(browser, sfu.url, ROOM, name, { mic: false, ...options });
  }

  beforeAll(async () => {
    sfu = await startSfu({ workers: 1 });
    ann = await join('Ana Ortiz');
    others.push(
      await join('Ben Carter', { mic: true, beforeLoad: (page) => page.addInitScript(drawnScreenShare) }),
      await join('Chloé Martin'),
      await join('Dev Patel'),
    );
    for (const person of [ann, ...others]) ids.set(person, await person.peerId());
  }, 120_000);
  afterAll(async () => {
    for (const browser of browsers) await browser.close();
    await sfu?.stop();
  });

  const id = (person: Participant | undefined): string => ids.get(person ?? ann) ?? '';

  /**
   * `viewer` asks for simulcast layer `spatial` of `sender`'s camera and receives it: the SFU says so, and the decoded
   * width is the width `sender` encodes that layer at now. A sender short of CPU (two cores, four browsers) has
   * libwebrtc scale its input down and leave out top layers itself (qualityLimitationReason 'cpu'): then the SFU
   * forwards the best layer that is sent, which must still be what is decoded.
   */
  async function expectLayer(viewer: Participant, sender: Participant | undefined, spatial: number): Promise<void> {
    if (!sender) throw new Error('participant missing');
    const seen = await layers(viewer, id(sender));
    expect(seen.requested).toBe(String(spatial));
    const sent = await publication(sender, 'camera');
    const senderLimited = sent.layers.some((entry) => limited(entry.qualityLimitationReason));
    const current = Number(seen.current);
    if (senderLimited) expect(current).toBeLessThanOrEqual(spatial);
    else expect(current).toBe(spatial);
    expect(seen.frameWidth).toBe(layer(sent, `r${current}`).frameWidth);
    if (current > 0) expect(seen.frameWidth).toBeGreaterThan(layer(sent, 'r0').frameWidth ?? 0);
  }

  it('shows four people in a 2×2 grid', async () => {
    for (const other of others) await expectTileVideoAdvancing(ann.page, id(other));
    const boxes = await ann.page.locator('article.tile').evaluateAll((tiles) =>
      tiles.map((tile) => {
        const box = tile.getBoundingClientRect();
        return { x: Math.round(box.x), y: Math.round(box.y) };
      }),
    );
    expect(boxes).toHaveLength(4);
    expect(new Set(boxes.map((box) => box.x)).size).toBe(2);
    expect(new Set(boxes.map((box) => box.y)).size).toBe(2);
    await saveScreenshot(ann.page, 'grid-4');
  });

  it('asks each video for the simulcast layer its tile size needs, and follows resizes and layout changes', async () => {
    const [ben, chloe] = others;
    // 2×2 grid at 1280×800: ~620 px tiles → the middle layer (640 px wide unless the encoder scaled it down).
    await eventually(() => expectLayer(ann, ben, 1), 20_000);

    // Pinned, Ben fills the stage → the top layer; the others shrink into the filmstrip → the bottom layer.
    await ann.page.getByRole('button', { name: 'Pin Ben Carter' }).click();
    await eventually(async () => {
      await expectLayer(ann, ben, 2);
      await expectLayer(ann, chloe, 0);
    }, 30_000);

    // A smaller window shrinks the pinned tile → back to the middle layer.
    await ann.page.setViewportSize({ width: 700, height: 600 });
    await eventually(() => expectLayer(ann, ben, 1), 20_000);
    await ann.page.getByRole('button', { name: 'Unpin Ben Carter' }).click();
    await ann.page.setViewportSize({ width: 1280, height: 800 });
  });

  it('pages the grid when a small window cannot fit everyone, pausing the videos on other pages', async () => {
    await ann.page.setViewportSize({ width: 480, height: 340 });
    await ann.page.getByText('Page 1 of 2').waitFor();
    const onPage = async (person: Participant | undefined) =>
      (await ann.page.locator(`article.tile[data-peer-id="${id(person)}"]`).count()) > 0;
    const hidden = [];
    for (const other of others) if (!(await onPage(other))) hidden.push(other);
    expect(hidden).toHaveLength(2);

    // Off-page videos are paused on the SFU: nothing more is decoded.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const before = await Promise.all(hidden.map((person) => framesDecoded(ann, id(person))));
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const after = await Promise.all(hidden.map((person) => framesDecoded(ann, id(person))));
    expect(after).toEqual(before);

    await ann.page.getByRole('button', { name: 'Next page' }).click();
    await ann.page.getByText('Page 2 of 2').waitFor();
    for (const person of hidden) await expectTileVideoAdvancing(ann.page, id(person));
    await ann.page.setViewportSize({ width: 1280, height: 800 });
    await ann.page.locator('[data-page]').waitFor({ state: 'detached' });
  });

  it('shows a shared screen large on everyone else’s screen, next to the chat', async () => {
    const [ben, chloe, dev] = others;
    if (!ben || !chloe || !dev) throw new Error('participants missing');
    await ben.page.getByRole('button', { name: 'Share screen' }).click();
    await ben.page.getByText('You are presenting').waitFor();
    for (const viewer of [ann, chloe, dev]) {
      const tile = viewer.page.locator(`article.tile[data-tile="screen"][data-peer-id="${id(ben)}"]`);
      await tile.waitFor();
      expect(await tile.getAttribute('data-variant')).toBe('main');
      const box = await tile.boundingBox();
      expect(box?.width ?? 0).toBeGreaterThan(0.6 * (viewer.page.viewportSize()?.width ?? 0));
      await expectTileVideoAdvancing(viewer.page, id(ben), 'screen');
    }
    await ann.page.getByRole('button', { name: /^Chat/ }).click();
    const box = ann.page.getByRole('textbox', { name: 'Chat message' });
    await box.fill('Looks great. Can you zoom into the chart?');
    await box.press('Enter');
    await chloe.page.getByRole('button', { name: /^Chat/ }).click();
    await chloe.page.getByRole('textbox', { name: 'Chat message' }).fill('+1, and the legend too please');
    await chloe.page.getByRole('textbox', { name: 'Chat message' }).press('Enter');
    await ann.page.getByText('+1, and the legend too please').waitFor();
    await saveScreenshot(ann.page, 'screen-share-chat');

    await ben.page.getByRole('button', { name: 'Stop presenting' }).click();
    await ann.page.locator('article.tile[data-tile="screen"]').waitFor({ state: 'detached' });
    await ann.page.getByRole('button', { name: 'Close chat' }).click();
  });

  it('fits a phone 375 px wide: tiles, every control, and a full-screen chat', { timeout: 120_000 }, async () => {
    await ann.page.getByRole('button', { name: 'Leave meeting' }).click();
    await ann.close();
    const eve = await join('Eve Adams', {
      context: { viewport: { width: 375, height: 812 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
    });
    for (const other of others) await expectTileVideoAdvancing(eve.page, id(other));
    expect(await eve.page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    const controls = await eve.page.locator('nav[aria-label="Meeting controls"] button').evaluateAll((buttons) =>
      buttons
        .filter((button) => button.getClientRects().length > 0)
        .map((button) => {
          const box = button.getBoundingClientRect();
          return { name: button.getAttribute('aria-label') ?? '', left: box.left, right: box.right };
        }),
    );
    expect(controls.map((control) => control.name)).toEqual([
      'Unmute microphone',
      'Turn off camera',
      'Raise hand',
      'Send a reaction',
      'Chat',
      'More options',
      'Leave meeting',
    ]);
    for (const control of controls) {
      expect(control.left).toBeGreaterThanOrEqual(0);
      expect(control.right).toBeLessThanOrEqual(375);
    }
    await saveScreenshot(eve.page, 'phone');

    await eve.page.getByRole('button', { name: 'Chat' }).click();
    const panel = await eve.page.locator('aside[data-panel="chat"]').boundingBox();
    expect(panel?.width).toBe(375);
    await saveScreenshot(eve.page, 'phone-chat');
    await eve.close();
    for (const person of others) await person.close();
    others = [];
  });
});
