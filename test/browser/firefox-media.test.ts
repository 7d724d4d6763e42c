import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startSfu, type LocalSfu } from '@huddle/testkit';
import { launchFirefox, type Firefox } from '../support/firefox.js';
import { waitUntilGone } from '../support/processes.js';

const tracksSchema = z.object({
  tracks: z.array(z.object({ kind: z.string(), readyState: z.string(), enabled: z.boolean() })),
  video: z.object({ width: z.number(), height: z.number(), framesAdvanced: z.boolean() }),
});

describe('Firefox ESR over WebDriver BiDi, against a real SFU', () => {
  let sfu: LocalSfu;
  let firefox: Firefox;

  beforeAll(async () => {
    sfu = await startSfu();
    firefox = await launchFirefox();
  });

  afterAll(async () => {
    await firefox?.close();
    await sfu?.stop();
  });

  it('opens the web app and gets live fake camera and microphone tracks from getUserMedia', async () => {
    const { page, console } = await firefox.openPage(`${sfu.url}/`);
    await page.waitForSelector('main.landing', { timeout: 20_000 });
    const result = tracksSchema.parse(
      await page.evaluate(async () => {
        const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
        const video = document.createElement('video');
        video.muted = true;
        video.srcObject = stream;
        document.body.append(video);
        await video.play();
        const startedAt = video.currentTime;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        return {
          tracks: stream.getTracks().map((track) => ({
            kind: track.kind,
            readyState: track.readyState,
            enabled: track.enabled,
          })),
          video: { width: video.videoWidth, height: video.videoHeight, framesAdvanced: video.currentTime > startedAt },
        };
      }),
    );
    expect(result.tracks.map((track) => track.kind).sort()).toEqual(['audio', 'video']);
    expect(result.tracks.every((track) => track.readyState === 'live' && track.enabled)).toBe(true);
    expect(result.video.width).toBeGreaterThan(0);
    expect(result.video.height).toBeGreaterThan(0);
    expect(result.video.framesAdvanced).toBe(true);
    expect(console.filter((line) => line.startsWith('error:'))).toEqual([]);
  });

  it('close() ends the browser and removes its profile dir', async () => {
    const other = await launchFirefox();
    const pid = other.browser.process()?.pid;
    expect(pid).toBeDefined();
    expect(existsSync(other.profileDir)).toBe(true);
    await other.close();
    await other.close();
    expect(await waitUntilGone(pid === undefined ? [] : [pid], 5_000)).toEqual([]);
    expect(existsSync(other.profileDir)).toBe(false);
  });
});
