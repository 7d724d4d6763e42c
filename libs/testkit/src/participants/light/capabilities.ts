import type { RtpCapabilities } from '@huddle/shared';

/**
 * What a lightweight participant receives with: every media codec of the router (packets are counted
 * whatever the codec; only VP8 key frames are inspected), and nothing that would make mediasoup expect
 * feedback we do not give:
 * - no RTX codec: we never send NACKs, so there is nothing to retransmit;
 * - no RTCP feedback (nack, pli, fir, transport-cc, goog-remb): mediasoup asks the producer for a key frame
 *   itself when a consumer resumes or changes layers, so no receiver request is needed;
 * - no header extensions: without transport-cc/abs-send-time mediasoup runs no bandwidth estimation for us
 *   and forwards the preferred simulcast layer as it is, which is what a layer test wants.
 */
export function lightweightRtpCapabilities(router: RtpCapabilities, asBrowser: boolean): RtpCapabilities {
  // As a browser: claim all the router offers (RTX, NACK/PLI, transport-cc, mid/abs-send-time stamping), so the
  // SFU does for this receiver all it does for a browser — buffers for retransmission, stamps extensions, runs
  // send-side bandwidth estimation fed by our Receiver Reports and transport-cc feedback (receiverFeedback.ts).
  // For measuring an SFU's real cost.
  if (asBrowser) return router;
  return {
    codecs: (router.codecs ?? [])
      .filter((codec) => codec.mimeType.toLowerCase() !== `${codec.kind}/rtx`)
      .map((codec) => ({ ...codec, rtcpFeedback: [] })),
    headerExtensions: [],
  };
}
