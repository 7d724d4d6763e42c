import { freePortBlock } from '@huddle/services';

export { freePort, isPortFree } from '@huddle/services';

/**
 * A block of `count` consecutive ports, free over TCP and UDP, for the SFU's WebRTC servers (one per worker),
 * outside the ephemeral range.
 */
export function rtcPortBlock(count: number): Promise<number> {
  return freePortBlock(count, { from: 41_000, to: 60_000 });
}
