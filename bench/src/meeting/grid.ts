import { SIMULCAST_LAYERS } from '@huddle/testkit';

/** The viewport the grid is laid out in: a 1280 CSS px wide window at device pixel ratio 1. */
export const VIEWPORT_WIDTH = 1280;

/**
 * The simulcast layer the web app's grid asks for each remote camera in a meeting of `participants` (with at most
 * `lastN` videos shown): tiles in a square-ish grid across the viewport, the layer by tile width as
 * apps/web/src/meeting/layers.ts picks it (< 400 px → 0, < 800 → 1, else 2).
 */
export function gridLayer(participants: number, lastN: number): number {
  const tiles = Math.max(1, Math.min(participants - 1, lastN));
  const width = VIEWPORT_WIDTH / Math.ceil(Math.sqrt(tiles));
  if (width < 400) return 0;
  if (width < 800) return 1;
  return 2;
}

/**
 * What a participant who does not speak should receive (kbit/s of payload): its videos at the grid's layer (the
 * layer's target bitrate) and every speaker's audio. `receivedVideos`: how many videos the SFU sends (default the
 * last-N shown; an SFU without last-N sends all N − 1).
 */
export function expectedKbps(
  participants: number,
  lastN: number,
  speakers: number,
  audioKbps: number,
  receivedVideos = Math.min(participants - 1, lastN),
): number {
  const videos = receivedVideos;
  const layer = SIMULCAST_LAYERS[gridLayer(participants, lastN)];
  return (videos * (layer?.bitrate ?? 0)) / 1000 + Math.min(speakers, participants - 1) * audioKbps;
}
