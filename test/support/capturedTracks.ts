import type { Page } from 'playwright-core';
import { z } from 'zod';

/**
 * An init script: remembers every track getUserMedia and getDisplayMedia hand to the page, so a test can check
 * from outside the app that each one was stopped (`readyState` 'ended') — and end one as an unplugged device does.
 */
export function recordCapturedTracks(): void {
  const captured: MediaStreamTrack[] = [];
  Object.assign(window, { __capturedTracks: captured });
  const devices = navigator.mediaDevices;
  const getUserMedia = devices.getUserMedia.bind(devices);
  const getDisplayMedia = devices.getDisplayMedia.bind(devices);
  devices.getUserMedia = async (constraints) => {
    const stream = await getUserMedia(constraints);
    captured.push(...stream.getTracks());
    return stream;
  };
  devices.getDisplayMedia = async (options) => {
    const stream = await getDisplayMedia(options);
    captured.push(...stream.getTracks());
    return stream;
  };
}

const trackStatesSchema = z.array(z.object({ kind: z.string(), label: z.string(), readyState: z.string() }));
export type CapturedTrack = z.infer<typeof trackStatesSchema>[number];

/** Every track the page was given so far, with its state now. */
export async function capturedTracks(page: Page): Promise<CapturedTrack[]> {
  return trackStatesSchema.parse(
    await page.evaluate(() => {
      const tracks: unknown = Reflect.get(window, '__capturedTracks');
      if (!Array.isArray(tracks)) return [];
      return tracks.flatMap((track: unknown) =>
        track instanceof MediaStreamTrack
          ? [{ kind: track.kind, label: track.label, readyState: track.readyState }]
          : [],
      );
    }),
  );
}

/**
 * Ends the page's live track of `kind` the way an unplugged device (or the browser's "stop sharing") does: the
 * track stops and fires `ended`. `label` picks among several (e.g. the screen's video rather than the camera).
 */
export async function endCapturedTrack(page: Page, kind: 'audio' | 'video', label?: RegExp): Promise<void> {
  const ended = await page.evaluate(
    ({ kind, source, flags }) => {
      const tracks: unknown = Reflect.get(window, '__capturedTracks');
      if (!Array.isArray(tracks)) return false;
      const pattern = source === null ? null : new RegExp(source, flags);
      const track = tracks.find(
        (candidate: unknown): candidate is MediaStreamTrack =>
          candidate instanceof MediaStreamTrack &&
          candidate.kind === kind &&
          candidate.readyState === 'live' &&
          (pattern === null || pattern.test(candidate.label)),
      );
      if (!track) return false;
      track.stop();
      track.dispatchEvent(new Event('ended'));
      return true;
    },
    { kind, source: label?.source ?? null, flags: label?.flags ?? '' },
  );
  if (!ended) throw new Error(`the page has no live ${kind} track${label ? ` labelled ${label}` : ''}`);
}
