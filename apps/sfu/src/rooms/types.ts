import type { MediaSource, NotificationData, NotificationName, TransportDirection } from '@huddle/shared';
import type { types } from 'mediasoup';

export type TransportAppData = { peerId: string; direction: TransportDirection };
export type ProducerAppData = { peerId: string; source: MediaSource };
export type ConsumerAppData = { peerId: string; producerPeerId: string; source: MediaSource };

export type PeerTransport = types.WebRtcTransport<TransportAppData>;
export type PeerProducer = types.Producer<ProducerAppData>;
export type PeerConsumer = types.Consumer<ConsumerAppData>;

/** Where a peer's notifications go: the signaling connection that drives it, while it has one. */
export interface NotificationSink {
  notify<N extends NotificationName>(name: N, data: NotificationData<N>): void;
  /** Another connection took this session over: tell the client (`sessionReplaced`) and close this one. */
  replaced(): void;
}
