import type { MediaKind, RtpCapabilities } from '@huddle/shared';
import type { types } from 'mediasoup';
import { HuddleError } from '../../errors.js';

const KINDS: readonly MediaKind[] = ['audio', 'video'];

function sameCodec(ours: types.RtpCodecCapability, theirs: NonNullable<RtpCapabilities['codecs']>[number]): boolean {
  return (
    ours.kind === theirs.kind &&
    ours.mimeType.toLowerCase() === theirs.mimeType.toLowerCase() &&
    ours.clockRate === theirs.clockRate &&
    (ours.kind !== 'audio' || (ours.channels ?? 1) === (theirs.channels ?? 1))
  );
}

/**
 * Refuses RTP capabilities that cannot receive any of the router's audio codecs or any of its video codecs:
 * such a client would fail once per producer later, so it is told now, with INVALID_PARAMS naming the kind.
 */
export function assertCanReceive(router: types.RtpCapabilities, client: RtpCapabilities): void {
  const offered = (router.codecs ?? []).filter((codec) => !codec.mimeType.toLowerCase().endsWith('/rtx'));
  const theirs = client.codecs ?? [];
  for (const kind of KINDS) {
    const ours = offered.filter((codec) => codec.kind === kind);
    if (ours.length === 0) continue;
    if (!ours.some((codec) => theirs.some((candidate) => sameCodec(codec, candidate)))) {
      const names = ours.map((codec) => codec.mimeType).join(', ');
      throw new HuddleError(
        'INVALID_PARAMS',
        `these RTP capabilities receive no ${kind} codec the room uses (${names})`,
      );
    }
  }
}
