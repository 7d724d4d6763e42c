import { SOURCE_KIND as CLIENT_SOURCE_KIND, type SignalClient } from '@huddle/client';
import type { MediaKind, MediaSource, NotificationData, RtpCapabilities } from '@huddle/shared';

/** What the SFU told us about one of our consumers (it creates them; we receive). */
export type ConsumerCreated = NotificationData<'consumerCreated'>;

/** Cumulative receive counters of one consumer, as the participant's own WebRTC stack sees them. */
export type ReceiveCounters = {
  packets: number;
  bytes: number;
  /** Gaps in RTP sequence numbers not filled later (browser-grade: the stack's own packetsLost). */
  packetsLost: number;
  /** Browser-grade only: frames the decoder produced. */
  framesDecoded?: number;
  /** Browser-grade video: when the first frame came out of the decoder (ms since the epoch). */
  firstFrameAt?: number;
  /** Video: the size of the last decoded frame (browser-grade) or of the last VP8 key frame (lightweight). */
  frameWidth?: number;
  frameHeight?: number;
};

/** Cumulative send counters of one published source. */
export type SendCounters = { packets: number; bytes: number };

export type PublishOptions = {
  /** Video: send simulcast layers (default true for camera and screen). */
  simulcast?: boolean;
  /** Start muted (the producer is created paused). */
  paused?: boolean;
};

/**
 * A participant's media stack: the part that differs between the browser-grade kind (mediasoup-client on
 * libwebrtc) and the lightweight kind (raw RTP over node-datachannel). Signaling of rooms, peers, chat,
 * muting and layers is shared and lives in Participant; an engine only makes transports, sends and receives.
 */
export interface MediaEngine {
  readonly kind: 'browser-grade' | 'lightweight';
  /**
   * Sets up the transports through `signal` for a router with these capabilities and tells the SFU what this
   * engine can receive (from then on the SFU offers consumers).
   */
  start(signal: SignalClient, routerRtpCapabilities: RtpCapabilities): Promise<void>;
  /** Starts sending `source` and creates its producer through `produce`; resolves with the producer id. */
  publish(source: MediaSource, options: PublishOptions): Promise<string>;
  /** Stops sending `source` locally (the caller closes the producer on the server). */
  unpublish(source: MediaSource): Promise<void>;
  /** Stops or restarts the packets of `source` while its producer is paused. */
  setSending(source: MediaSource, sending: boolean): Promise<void>;
  /** Prepares to receive a consumer the SFU created (the caller resumes it on the server). */
  consume(created: ConsumerCreated): Promise<void>;
  /** Forgets a consumer the SFU closed. */
  dropConsumer(consumerId: string): Promise<void>;
  receiveCounters(): Promise<Map<string, ReceiveCounters>>;
  sendCounters(): Promise<Map<MediaSource, SendCounters>>;
  /** Closes every transport; idempotent. */
  close(): Promise<void>;
}

export const SOURCE_KIND: Readonly<Record<MediaSource, MediaKind>> = CLIENT_SOURCE_KIND;
