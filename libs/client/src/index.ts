// @huddle/client: Huddle's client SDK — signaling, room sessions that recover by themselves, and the peer's media
// on mediasoup-client. The same code runs in browsers and in Node (pass a WebSocket class and a WebRTC handler).
export { RoomSession, type RoomSessionOptions } from './session/roomSession.js';
export type { RecoveryOptions, RejoinOptions, RoomRef } from './session/recovery.js';
export type {
  CameraOptions,
  CloseReason,
  ConnectionState,
  JoinRetry,
  PermissionsPatch,
  PublicationState,
  PublicationsSnapshot,
  RemotePeer,
  RoomSessionEvents,
  SelfPeer,
} from './session/types.js';
export {
  SignalClient,
  type ReconnectOptions,
  type RequestOptions,
  type SignalClientEvents,
  type SignalClientOptions,
  type SignalClientState,
  type SocketLoss,
} from './signaling/signalClient.js';
export type { LivenessOptions } from './signaling/liveness.js';
export { NotificationBus, type NotificationEvents, type NotificationSource } from './signaling/notifications.js';
export type { SignalSocket, SignalSocketConstructor } from './signaling/socket.js';
export { signalingUrl, signalingUrlOf } from './signaling/urls.js';
export type { BackoffOptions } from './signaling/backoff.js';
export { PeerMedia, type LocalSend, type PeerMediaOptions, type RemoteTrack } from './media/peerMedia.js';
export {
  CAMERA_ENCODINGS,
  SCREEN_ENCODINGS,
  SCREEN_SVC,
  SOURCE_KIND,
  defaultSendSettings,
  type SendSettings,
  type SvcPreference,
} from './media/encodings.js';
export {
  linkSample,
  type CandidatePath,
  type ConsumerSample,
  type LinkSample,
  type LinkStats,
} from './media/linkStats.js';
export type {
  CaptureSettings,
  OutboundLayerStats,
  PublicationStats,
  SenderEncoding,
} from './media/publicationStats.js';
export { loadMediasoupClient, missingBrowserSupport } from './media/device.js';
export type { ConsumerStats } from './media/consumerStats.js';
export { SignalError, UnsupportedBrowserError, isSignalError } from './errors.js';
export { TypedEmitter, type EventMap, type EventSource } from './emitter.js';
