import { SIMULCAST_LAYERS, SharedRtpSource } from '@huddle/testkit';

/** The shared camera's frame interval (15 fps): each bot's frames go out at its own moment within it. */
const FRAME_INTERVAL_MS = 1000 / 15;

/**
 * What every bot of a meeting publishes, Huddle's and Janus's alike: one VP8 simulcast encode and one Opus encode,
 * each bot under its own SSRCs and at its own fixed offset within a frame interval — real cameras tick
 * independently; bots sending every frame in the same instant would hit the SFU's socket with a burst of N frames
 * that no real meeting makes (and that overflows a receive buffer of the kernel's default size by N ≈ 20).
 */
export function meetingSources(): { video: SharedRtpSource; audio: SharedRtpSource } {
  const spread = { spreadMs: FRAME_INTERVAL_MS };
  return {
    video: new SharedRtpSource({ kind: 'video', layers: SIMULCAST_LAYERS, pattern: 'testsrc2' }, spread),
    audio: new SharedRtpSource({ kind: 'audio', frequency: 440 }, spread),
  };
}
