// Huddle's framework-free SFU client: signaling, and a room session on top of mediasoup-client.
export { RoomSession, type RoomSessionOptions } from './roomSession.js';
export {
  SignalClient,
  signalingUrl,
  type ReconnectOptions,
  type SignalClientEvents,
  type SignalClientOptions,
  type SignalClientState,
} from './signalClient.js';
export { SignalError, isSignalError } from './signalError.js';
export type { BackoffOptions } from './backoff.js';
export type {
  AudioLevel,
  CameraOptions,
  ChatHistory,
  CloseReason,
  ConnectionState,
  ConsumerLayers,
  ConsumerScore,
  ConsumerStats,
  HandRaised,
  ProducerScore,
  Published,
  ReactionSent,
  RecordingStatus,
  RemoteMute,
  RemotePeer,
  RemoteTrack,
  RoomSessionEvents,
  SelfPeer,
} from './types.js';
