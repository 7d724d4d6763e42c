import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSfu, type LocalSfu } from '@huddle/testkit';
import { expectTileVideoAdvancing, joinAsParticipant, launchChromium, type Participant } from '../support/browser.js';
import { eventually } from '../support/eventually.js';
import { layer, limited, publication } from '../support/publication.js';

const ROOM = 'media-encodings';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('what a publisher sends: camera ladder, screen share, screen sound, dynacast', () => {
  let sfu: LocalSfu;
  let browser: Browser;
  let ann: Participant;
  let ben: Participant;
  let chloe: Participant;
  let annId = '';

  beforeAll(async () => {
    sfu = await startSfu({ workers: 1 });
    browser = await launchChromium();
    // One camera (Ann's); the viewers send nothing, so their tiles of Ann are all that decide her layers.
    ann = await joinAsParticipant(browser, sfu.url, ROOM, 'Ann', { mic: false });
    const viewer = { camera: false, mic: false, context: { viewport: { width: 1280, height: 800 } } };
    ben = await joinAsParticipant(browser, sfu.url, ROOM, 'Ben', viewer);
    chloe = await joinAsParticipant(browser, sfu.url, ROOM, 'Chloé', viewer);
    annId = await ann.peerId();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await sfu?.stop();
  });

  it('sends the camera as three VP8 layers sized for 720p, 30 fps at most, frame rate first', async () => {
    const camera = await eventually(async () => {
      const stats = await publication(ann, 'camera');
      expect(stats.layers.map((entry) => entry.rid)).toEqual(['r0', 'r1', 'r2']);
      return stats;
    }, 20_000);
    expect(camera.rtpParameters.codecs[0]?.mimeType).toBe('video/VP8');
    expect(camera.degradationPreference).toBe('maintain-framerate');
    expect(
      camera.encodings.map(({ scaleResolutionDownBy, maxBitrate, maxFramerate, scalabilityMode }) => ({
        scaleResolutionDownBy,
        maxBitrate,
        maxFramerate,
        scalabilityMode,
      })),
    ).toEqual([
      { scaleResolutionDownBy: 4, maxBitrate: 150_000, maxFramerate: 30, scalabilityMode: 'L1T3' },
      { scaleResolutionDownBy: 2, maxBitrate: 450_000, maxFramerate: 30, scalabilityMode: 'L1T3' },
      { scaleResolutionDownBy: 1, maxBitrate: 1_500_000, maxFramerate: 30, scalabilityMode: 'L1T3' },
    ]);
    expect(camera.capture).toMatchObject({ width: 1280, height: 720 });
  });

  it('shares a screen as detail content, VP9 with temporal layers at up to 15 fps, and its sound as stereo music', async () => {
    await ann.hook('shareScreen()');
    const screen = await eventually(async () => {
      const stats = await publication(ann, 'screen');
      const [stream] = stats.layers;
      expect(stats.layers).toHaveLength(1);
      expect(stream?.framesEncoded ?? 0).toBeGreaterThan(10);
      return stats;
    }, 20_000);
    // Chromium encodes VP9 L1T3 (MediaCapabilities says so) and the router offers VP9: SVC, not simulcast.
    expect(screen.contentHint).toBe('detail');
    expect(screen.degradationPreference).toBe('maintain-resolution');
    expect(screen.rtpParameters.codecs[0]?.mimeType).toBe('video/VP9');
    expect(screen.encodings).toMatchObject([{ scalabilityMode: 'L1T3', maxBitrate: 2_000_000, maxFramerate: 15 }]);
    expect(screen.layers[0]).toMatchObject({ mimeType: 'video/VP9', scalabilityMode: 'L1T3' });
    expect(screen.capture.frameRate ?? 0).toBeLessThanOrEqual(15);
    expect(screen.capture.width ?? 0).toBeLessThanOrEqual(1920);
    // The encoder's rate over 3 s (Chromium's own `framesPerSecond` is a one-second reading that jitters above).
    const framesBefore = screen.layers[0]?.framesEncoded ?? 0;
    const startedAt = Date.now();
    await sleep(3_000);
    const framesAfter = (await publication(ann, 'screen')).layers[0]?.framesEncoded ?? 0;
    expect(((framesAfter - framesBefore) * 1000) / (Date.now() - startedAt)).toBeLessThanOrEqual(15.5);

    const sound = await publication(ann, 'screen-audio');
    // What the server was told (the producer's RTP parameters) and what the encoder negotiated (fmtp).
    expect(sound.rtpParameters.codecs[0]).toMatchObject({
      mimeType: 'audio/opus',
      parameters: { 'sprop-stereo': 1, usedtx: 0 },
    });
    const [stream] = sound.layers;
    expect(stream?.sdpFmtpLine).toMatch(/(^|;)stereo=1(;|$)/);
    expect(stream?.sdpFmtpLine).toMatch(/(^|;)maxaveragebitrate=128000(;|$)/);
    expect(stream?.sdpFmtpLine).not.toMatch(/usedtx=1/);
    expect(sound.capture).toMatchObject({ echoCancellation: false, noiseSuppression: false, autoGainControl: false });
    for (const viewer of [ben, chloe]) await expectTileVideoAdvancing(viewer.page, annId, 'screen');
    await ann.hook('stopScreen()');
    await ben.page.locator('article.tile[data-tile="screen"]').waitFor({ state: 'detached' });
  });

  it('turns off the layers nobody watches (dynacast) and turns them on when someone shows the video large', async () => {
    // Both viewers show Ann in a small tile: only the bottom layer is wanted.
    for (const viewer of [ben, chloe]) await viewer.page.setViewportSize({ width: 560, height: 420 });
    const small = await eventually(async () => {
      const camera = await publication(ann, 'camera');
      expect(camera.encodings.map((encoding) => encoding.active)).toEqual([true, false, false]);
      return camera;
    }, 20_000);
    expect(small.layers.map((entry) => entry.active)).toEqual([true, false, false]);
    // The top layer's stream stops growing; the bottom one goes on.
    await sleep(1_000);
    const before = await publication(ann, 'camera');
    await sleep(2_000);
    const after = await publication(ann, 'camera');
    // A layer off in both readings sent nothing in between (a speaker change may want one back meanwhile).
    const offThroughout = ['r1', 'r2'].filter((rid) =>
      [before, after].every((reading) => reading.encodings.find((encoding) => encoding.rid === rid)?.active === false),
    );
    expect(offThroughout).toContain('r2');
    for (const rid of offThroughout) expect(layer(after, rid).bytesSent).toBe(layer(before, rid).bytesSent);
    expect(layer(after, 'r0').bytesSent).toBeGreaterThan(layer(before, 'r0').bytesSent);

    // Chloé pins Ann in a large window: the top layer is wanted again at once, and sent.
    await chloe.page.setViewportSize({ width: 1280, height: 800 });
    await chloe.page.getByRole('button', { name: 'Pin Ann', exact: true }).click();
    await eventually(async () => {
      const camera = await publication(ann, 'camera');
      expect(camera.encodings.map((encoding) => encoding.active)).toEqual([true, true, true]);
    }, 15_000);
    // …and sent, unless the encoder is short of CPU (two cores, three browsers) or of bandwidth: libwebrtc then
    // leaves out the top simulcast layer itself, saying so in qualityLimitationReason.
    const resumed = await publication(ann, 'camera');
    const sent = await eventually(async () => {
      const camera = await publication(ann, 'camera');
      if (camera.layers.some((entry) => limited(entry.qualityLimitationReason))) return false;
      expect(layer(camera, 'r2').bytesSent).toBeGreaterThan(layer(resumed, 'r2').bytesSent + 10_000);
      return true;
    }, 15_000);
    if (sent) {
      await eventually(async () => {
        const video = chloe.page.locator(`article.tile video[data-peer-id="${annId}"][data-source="camera"]`);
        expect(await video.getAttribute('data-current-layer')).toBe('2');
      }, 20_000);
    }
    for (const person of [ann, ben, chloe]) await person.close();
  });
});
