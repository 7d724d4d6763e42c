import type { Browser } from 'playwright-core';
import { startSfu, type LocalSfu } from '@huddle/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { joinAsParticipant, launchChromium, statsFrom } from '../support/browser.js';
import { eventually } from '../support/eventually.js';

describe('a host mute, and asking to unmute', () => {
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

  it('holds until the host allows it; then the person may unmute and is heard again', async () => {
    // In an open room without a lobby, the first to join moderates.
    const host = await joinAsParticipant(browser, sfu.url, 'town-hall', 'Hana', { camera: false, mic: false });
    const bob = await joinAsParticipant(browser, sfu.url, 'town-hall', 'Bob', { camera: false });
    const bobId = await bob.peerId();
    expect(await host.page.locator('main.room').getAttribute('data-role')).toBe('moderator');
    const bobOnHost = host.page.locator(`[data-person="${bobId}"]`);
    await host.page.getByRole('button', { name: /^Participants/ }).click();
    await bobOnHost.and(host.page.locator('[data-mic="on"]')).waitFor();

    await host.page.getByRole('button', { name: 'Mute Bob' }).click();
    await bob.page.locator('[data-notice]').filter({ hasText: 'Muted by host' }).waitFor();
    await bobOnHost.and(host.page.locator('[data-mic="muted"]')).waitFor();

    // The unmute button now asks instead; the host sees the request.
    const ask = bob.page.getByRole('button', { name: 'Ask to unmute' });
    await ask.click();
    await bob.page.locator('[data-notice]').filter({ hasText: 'You asked the host to let you unmute.' }).waitFor();
    await bob.page.getByRole('button', { name: 'Asked to unmute: ask again' }).waitFor();
    const request = host.page.locator(`[data-unmute-request][data-peer-id="${bobId}"][data-source="mic"]`);
    await request.getByText('Bob asks to unmute their microphone.').waitFor();
    await bobOnHost.and(host.page.locator('[data-mic="muted"]')).waitFor();

    await request.getByRole('button', { name: 'Allow Bob to unmute' }).click();
    await request.waitFor({ state: 'detached' });
    await bob.page.locator('[data-notice]').filter({ hasText: 'The host allowed you to unmute' }).waitFor();
    // Allowed does not mean unmuted: Bob decides.
    await bobOnHost.and(host.page.locator('[data-mic="muted"]')).waitFor();
    await bob.page.getByRole('button', { name: 'Unmute microphone' }).click();
    await bobOnHost.and(host.page.locator('[data-mic="on"]')).waitFor();
    const before = (await statsFrom(host, bobId, 'mic'))?.packetsReceived ?? 0;
    await eventually(
      async () => expect((await statsFrom(host, bobId, 'mic'))?.packetsReceived ?? 0).toBeGreaterThan(before + 20),
      20_000,
    );
    await Promise.all([host.close(), bob.close()]);
  });
});
