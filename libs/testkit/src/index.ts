// @huddle/testkit: a real local Huddle SFU and headless participants with real WebRTC media, for integration tests.
export { startSfu, type LocalSfu, type StartSfuOptions } from './sfu/startSfu.js';
export { startLocalCluster, type LocalCluster, type LocalClusterOptions } from './cluster/localCluster.js';
export { ApiError, callApi, type AdminClient, type ApiReply, type CallOptions } from './sfu/adminClient.js';
export { mediaDump, expectNoMediaLeft, peerMediaStats, type MediaDump, type PeerMediaStats } from './sfu/mediaDump.js';
export { freePort, isPortFree } from './sfu/ports.js';
export {
  joinParticipant,
  JoinRefused,
  signalingUrl,
  type JoinParticipantOptions,
  type ParticipantKind,
} from './participants/joinParticipant.js';
export { Participant, type MediaExpectation, type PeerRef } from './participants/participant.js';
export type { InboundStream, OutboundStream, ParticipantStats } from './participants/stats.js';
export type { PublishOptions } from './participants/mediaEngine.js';
export type { SharedMedia } from './participants/light/lightweightEngine.js';
export { syntheticTrack, type SyntheticTrack, type VideoFormat } from './participants/browser/syntheticMedia.js';
export { installNodeWebRtc } from './participants/browser/wrtc.js';
export { SignalProbe, SignalingUnavailable, openSignal, type ConnectOptions } from './signaling/signalProbe.js';
export { NotificationLog, type RecordedNotification } from './signaling/notificationLog.js';
export { waitFor, WaitTimeout, type WaitOptions } from './wait.js';
export * from './rtp/index.js';
