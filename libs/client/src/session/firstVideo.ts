import type { ResponseData } from '@huddle/shared';
import type { PeerMedia } from '../media/peerMedia.js';

/** How long a joiner's own producers wait at most for the first remote video to be decoded; how often it looks. */
const FIRST_VIDEO_WAIT_MS = 1_500;
const FIRST_VIDEO_POLL_MS = 100;

/**
 * Resolves once the first remote video is decoded by `media`, or after FIRST_VIDEO_WAIT_MS, or at once in a room
 * without video: what a joiner waits for comes first, its own producers (whose negotiation and encoders compete
 * for the CPU) next.
 */
export function firstRemoteVideo(media: PeerMedia, joined: ResponseData<'join'>): Promise<void> {
  const videoInRoom = joined.peers.some((peer) => peer.producers.some((producer) => producer.kind === 'video'));
  if (!videoInRoom) return Promise.resolve();
  const deadline = Date.now() + FIRST_VIDEO_WAIT_MS;
  return new Promise((resolve) => {
    const check = (): void => {
      if (media.closed || Date.now() >= deadline) {
        resolve();
        return;
      }
      media.stats().then(
        (stats) => {
          if (stats.some((entry) => entry.kind === 'video' && (entry.framesDecoded ?? 0) > 0)) resolve();
          else setTimeout(check, FIRST_VIDEO_POLL_MS);
        },
        () => setTimeout(check, FIRST_VIDEO_POLL_MS),
      );
    };
    check();
  });
}
