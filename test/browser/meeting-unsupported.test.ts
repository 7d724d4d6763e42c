import type { Browser, Page } from 'playwright-core';
import { startSfu, type LocalSfu } from '@huddle/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, meetingUrl } from '../support/browser.js';

/** An init script: a browser without WebRTC. */
function withoutWebRtc(): void {
  Reflect.deleteProperty(window, 'RTCPeerConnection');
  Reflect.deleteProperty(window, 'webkitRTCPeerConnection');
}

describe('a browser that cannot take part', () => {
  let sfu: LocalSfu;
  let browser: Browser;

  async function open(url: string): Promise<Page> {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(withoutWebRtc);
    await page.goto(url);
    return page;
  }

  beforeAll(async () => {
    sfu = await startSfu({ workers: 1 });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await sfu?.stop();
  });

  it('is told so in words before joining, and cannot press join', async () => {
    const page = await open(`${sfu.url}/unsupported`);
    const alert = page.locator('[data-unsupported]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('This browser is not supported: it has no WebRTC (RTCPeerConnection)');
    expect(await page.getByRole('button', { name: 'Join meeting' }).isDisabled()).toBe(true);
    await page.context().close();
  });

  it('is told so, not “can’t reach the server”, when it follows a direct link', async () => {
    const page = await open(meetingUrl(sfu.url, 'unsupported', 'Old Browser'));
    await page.getByRole('heading', { name: 'Can’t join this meeting' }).waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('This browser is not supported');
    await page.context().close();
  });
});
