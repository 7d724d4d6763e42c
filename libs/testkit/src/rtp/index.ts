// Plain RTP building blocks, free of Huddle signaling: usable against any SFU (the Janus benchmark uses them).
export { isRtcp, parseRtpHeader, type RtpHeader } from './rtpPacket.js';
export { RTCP_TYPE, parseRtcpPackets, type RtcpPacketHeader } from './rtcpPacket.js';
export { RtpReceiveCounter, type StreamCounts } from './receiveCounter.js';
export { parseVp8KeyFrameSize, type Vp8FrameSize } from './vp8.js';
export {
  FfmpegRtpSource,
  OPUS_PAYLOAD_TYPE,
  SIMULCAST_LAYERS,
  SINGLE_LAYER,
  VP8_PAYLOAD_TYPE,
  type FfmpegRtpSourceOptions,
  type SourceEncoding,
  type SourcePacket,
} from './ffmpegRtpSource.js';
export { KEY_FRAME_INTERVAL_S, RTP_PACKET_SIZE, type VideoLayer } from './ffmpegArgs.js';
export { TIMECODE, timecodeGeometry } from './timecode.js';
export { TiedProcess } from '@huddle/services';
export { rtpHeaderExtension } from './rtpPacket.js';
export { buildReceiverReports, parseSenderReports, type ReportBlock } from './rtcpFeedback.js';
export {
  TRANSPORT_CC_URI,
  buildTransportCcFeedback,
  parseTransportCcFeedback,
  type TransportCcFeedback,
} from './transportCc.js';
export { TransportCcRecorder } from './transportCcRecorder.js';
export { ReceptionReport } from './receptionReport.js';
export { SharedRtpSource, withSsrc, type SharedSubscription } from './sharedRtpSource.js';
