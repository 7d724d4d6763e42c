import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinAsParticipant, launchChromium, type Participant } from '../support/browser.js';
import { startSfu, type LocalSfu } from '@huddle/testkit';
import { eventually } from '../support/eventually.js';

const ROOM = 'chatty';

async function openChat(page: Page): Promise<void> {
  if ((await page.locator('aside[data-panel="chat"]').count()) === 0) {
    await page.getByRole('button', { name: /^Chat/ }).click();
  }
  await page.locator('aside[data-panel="chat"]').waitFor();
}

async function send(page: Page, text: string, to = 'Everyone'): Promise<void> {
  await openChat(page);
  await page.getByRole('combobox', { name: 'Send to' }).selectOption({ label: to });
  const box = page.getByRole('textbox', { name: 'Chat message' });
  await box.fill(text);
  await box.press('Enter');
  await eventually(async () => expect(await box.inputValue()).toBe(''));
}

function messages(page: Page) {
  return page.locator('[data-chat-line="message"]');
}

async function chatTexts(page: Page): Promise<string[]> {
  return messages(page).locator('.text').allTextContents();
}

describe('chat, raised hands and reactions', () => {
  let sfu: LocalSfu;
  let browser: Browser;
  let ann: Participant;
  let bob: Participant;
  let cat: Participant;

  beforeAll(async () => {
    sfu = await startSfu({ workers: 1 });
    browser = await launchChromium();
    // No media: this suite is about the meeting around the videos.
    const quiet = { camera: false, mic: false };
    ann = await joinAsParticipant(browser, sfu.url, ROOM, 'Ann', quiet);
    bob = await joinAsParticipant(browser, sfu.url, ROOM, 'Bob', quiet);
    cat = await joinAsParticipant(browser, sfu.url, ROOM, 'Cat', quiet);
  });
  afterAll(async () => {
    await browser?.close();
    await sfu?.stop();
  });

  it('shows who joined, delivers public messages to everyone, links them, and counts unread ones', async () => {
    await openChat(ann.page);
    await ann.page.getByText('Bob joined').waitFor();
    await ann.page.getByText('Cat joined').waitFor();

    await send(bob.page, 'Hello everyone! Notes: https://example.com/notes?id=1.');
    for (const viewer of [ann, bob]) {
      await eventually(async () =>
        expect(await chatTexts(viewer.page)).toContain('Hello everyone! Notes: https://example.com/notes?id=1.'),
      );
    }
    const link = ann.page.getByRole('link', { name: 'https://example.com/notes?id=1' });
    expect(await link.getAttribute('href')).toBe('https://example.com/notes?id=1');
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toContain('noopener');

    // Cat's chat is closed: a badge counts the message, and opening the chat clears it.
    const chatButton = cat.page.getByRole('button', { name: 'Chat, 1 unread' });
    await chatButton.waitFor();
    expect(await chatButton.locator('[data-unread]').textContent()).toBe('1');
    await chatButton.click();
    await eventually(async () => expect(await chatTexts(cat.page)).toHaveLength(1));
    await cat.page.getByRole('button', { name: 'Chat', exact: true }).waitFor();
  });

  it('delivers a private message to its recipient only, as text (no HTML injection)', async () => {
    const payload = '<img src=x onerror="window.__pwned=1"><b>bold</b> only for Bob';
    await send(ann.page, payload, 'Bob (private)');
    const line = bob.page.locator('[data-chat-line="message"][data-private="true"]');
    await line.waitFor();
    expect(await line.locator('.text').textContent()).toBe(payload);
    expect(await line.locator('.text img, .text b').count()).toBe(0);
    expect(await line.getByText('Privately to you').count()).toBe(1);
    expect(await bob.page.evaluate('window.__pwned')).toBeUndefined();
    await ann.page.getByText('Privately to Bob').waitFor();

    // A later public message reaches Cat; the private one never does.
    await send(bob.page, 'Shall we start?');
    await eventually(async () => expect(await chatTexts(cat.page)).toContain('Shall we start?'));
    expect((await chatTexts(cat.page)).filter((text) => text.includes('only for Bob'))).toEqual([]);
  });

  it('refuses an over-long message with a clear error before sending it', async () => {
    const box = cat.page.getByRole('textbox', { name: 'Chat message' });
    await box.fill('x'.repeat(2001));
    const alert = cat.page.getByRole('alert').filter({ hasText: 'limited to 2000 characters' });
    expect(await alert.textContent()).toBe('Chat messages are limited to 2000 characters; this one has 2001.');
    expect(await cat.page.getByRole('button', { name: 'Send message' }).isDisabled()).toBe(true);
    await box.fill('');
    await alert.waitFor({ state: 'detached' });
  });

  it('shows the history to a late joiner, without other people’s private messages', async () => {
    const dan = await joinAsParticipant(browser, sfu.url, ROOM, 'Dan', { camera: false, mic: false });
    await openChat(dan.page);
    await eventually(async () =>
      expect(await chatTexts(dan.page)).toEqual([
        'Hello everyone! Notes: https://example.com/notes?id=1.',
        'Shall we start?',
      ]),
    );
    await dan.page.getByRole('button', { name: 'Leave meeting' }).click();
    await dan.close();
  });

  it('raises a hand for everyone to see; only a moderator can lower someone else’s', async () => {
    const catId = await cat.peerId();
    expect(await ann.page.locator('main.room').getAttribute('data-role')).toBe('moderator');
    expect(await bob.page.locator('main.room').getAttribute('data-role')).toBe('participant');
    await cat.page.getByRole('button', { name: 'Raise hand' }).click();
    await cat.page.getByRole('button', { name: 'Lower hand', exact: true }).waitFor();

    for (const viewer of [ann, bob]) {
      await viewer.page.locator(`article.tile[data-peer-id="${catId}"][data-hand-raised="true"]`).waitFor();
      await viewer.page.getByRole('button', { name: /^Participants/ }).click();
      await viewer.page.locator(`[data-person="${catId}"][data-hand-raised="true"]`).waitFor();
    }
    expect(await bob.page.getByRole('button', { name: 'Lower Cat’s hand' }).count()).toBe(0);
    await ann.page.getByRole('button', { name: 'Lower Cat’s hand' }).click();

    for (const viewer of [ann, bob, cat]) {
      await viewer.page.locator(`[data-hand-raised="true"]`).first().waitFor({ state: 'detached' });
    }
    await cat.page.getByText('Ann lowered your hand').waitFor();
    await cat.page.getByRole('button', { name: 'Raise hand' }).waitFor();
  });

  it('floats a reaction over the sender’s tile for a few seconds', async () => {
    const bobId = await bob.peerId();
    await bob.page.getByRole('button', { name: 'Send a reaction' }).click();
    await bob.page.getByRole('button', { name: 'Applause' }).click();
    const onAnn = ann.page.locator(`article.tile[data-peer-id="${bobId}"] [data-reaction="👏"]`);
    await onAnn.waitFor();
    await bob.page.locator('article.tile[data-tile="self"] [data-reaction="👏"]').waitFor();
    await onAnn.waitFor({ state: 'detached', timeout: 8000 });
  });

  it('hands the moderator role to the longest-present participant when the moderator leaves', async () => {
    await ann.page.getByRole('button', { name: 'Leave meeting' }).click();
    await bob.page.locator('main.room[data-role="moderator"]').waitFor();
    await bob.page.getByText('You are now the meeting’s moderator.').waitFor();
    expect(await cat.page.locator('main.room').getAttribute('data-role')).toBe('participant');
    for (const person of [ann, bob, cat]) await person.close();
  });
});
