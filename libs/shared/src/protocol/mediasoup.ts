import { z } from 'zod';

// The wire shapes of mediasoup's RTP/ICE/DTLS objects, as mediasoup-client 3.24 expects them. The SFU maps
// mediasoup 3.12 server objects into these explicitly (server and client types differ; see apps/sfu/src/media/wire.ts).

export const mediaKindSchema = z.enum(['audio', 'video']);
export type MediaKind = z.infer<typeof mediaKindSchema>;

const parametersSchema = z.record(z.string(), z.unknown());

export const rtcpFeedbackSchema = z.object({ type: z.string(), parameter: z.string().optional() });

export const HEADER_EXTENSION_URIS = [
  'urn:ietf:params:rtp-hdrext:sdes:mid',
  'urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id',
  'urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id',
  'http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time',
  'http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01',
  'urn:ietf:params:rtp-hdrext:ssrc-audio-level',
  'https://aomediacodec.github.io/av1-rtp-spec/#dependency-descriptor-rtp-header-extension',
  'urn:3gpp:video-orientation',
  'http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time',
  'http://www.webrtc.org/experiments/rtp-hdrext/playout-delay',
  'urn:mediasoup:params:rtp-hdrext:packet-id',
] as const;
export const headerExtensionUriSchema = z.enum(HEADER_EXTENSION_URIS);

export const rtpCodecCapabilitySchema = z.object({
  kind: mediaKindSchema,
  mimeType: z.string(),
  preferredPayloadType: z.number().int(),
  clockRate: z.number().int(),
  channels: z.number().int().optional(),
  parameters: parametersSchema.optional(),
  rtcpFeedback: z.array(rtcpFeedbackSchema).optional(),
});

export const rtpHeaderExtensionSchema = z.object({
  kind: mediaKindSchema,
  uri: headerExtensionUriSchema,
  preferredId: z.number().int(),
  preferredEncrypt: z.boolean().optional(),
  direction: z.enum(['sendrecv', 'sendonly', 'recvonly', 'inactive']).optional(),
});

export const rtpCapabilitiesSchema = z.object({
  codecs: z.array(rtpCodecCapabilitySchema).max(128).optional(),
  headerExtensions: z.array(rtpHeaderExtensionSchema).max(64).optional(),
});
export type RtpCapabilities = z.infer<typeof rtpCapabilitiesSchema>;

export const rtpCodecParametersSchema = z.object({
  mimeType: z.string(),
  payloadType: z.number().int(),
  clockRate: z.number().int(),
  channels: z.number().int().optional(),
  parameters: parametersSchema.optional(),
  rtcpFeedback: z.array(rtcpFeedbackSchema).optional(),
});

const prioritySchema = z.enum(['very-low', 'low', 'medium', 'high']);

export const rtpEncodingParametersSchema = z.object({
  active: z.boolean().optional(),
  ssrc: z.number().int().optional(),
  rid: z.string().optional(),
  codecPayloadType: z.number().int().optional(),
  rtx: z.object({ ssrc: z.number().int() }).optional(),
  dtx: z.boolean().optional(),
  scalabilityMode: z.string().optional(),
  scaleResolutionDownBy: z.number().optional(),
  maxBitrate: z.number().optional(),
  maxFramerate: z.number().optional(),
  adaptivePtime: z.boolean().optional(),
  priority: prioritySchema.optional(),
  networkPriority: prioritySchema.optional(),
});

export const rtpHeaderExtensionParametersSchema = z.object({
  uri: headerExtensionUriSchema,
  id: z.number().int(),
  encrypt: z.boolean().optional(),
  parameters: parametersSchema.optional(),
});

export const rtpParametersSchema = z.object({
  mid: z.string().optional(),
  codecs: z.array(rtpCodecParametersSchema).max(32),
  headerExtensions: z.array(rtpHeaderExtensionParametersSchema).max(32).optional(),
  encodings: z.array(rtpEncodingParametersSchema).max(8).optional(),
  rtcp: z
    .object({ cname: z.string().optional(), reducedSize: z.boolean().optional(), mux: z.boolean().optional() })
    .optional(),
  msid: z.string().optional(),
});
export type RtpParameters = z.infer<typeof rtpParametersSchema>;

export const iceParametersSchema = z.object({
  usernameFragment: z.string(),
  password: z.string(),
  iceLite: z.boolean().optional(),
});
export type IceParameters = z.infer<typeof iceParametersSchema>;

export const iceCandidateSchema = z.object({
  foundation: z.string(),
  priority: z.number(),
  address: z.string(),
  ip: z.string(),
  protocol: z.enum(['udp', 'tcp']),
  port: z.number().int(),
  type: z.enum(['host', 'srflx', 'prflx', 'relay']),
  tcpType: z.enum(['active', 'passive', 'so']).optional(),
});
export type IceCandidate = z.infer<typeof iceCandidateSchema>;

export const dtlsParametersSchema = z.object({
  role: z.enum(['auto', 'client', 'server']).optional(),
  fingerprints: z
    .array(
      z.object({
        algorithm: z.enum(['sha-1', 'sha-224', 'sha-256', 'sha-384', 'sha-512']),
        value: z.string().max(256),
      }),
    )
    .min(1)
    .max(8),
});
export type DtlsParameters = z.infer<typeof dtlsParametersSchema>;

export const sctpParametersSchema = z.object({
  port: z.number().int(),
  OS: z.number().int(),
  MIS: z.number().int(),
  maxMessageSize: z.number().int(),
});

/** An RTCIceServer as browsers take it: TURN URLs with time-limited REST API credentials. */
export const iceServerSchema = z.object({
  urls: z.array(z.string().regex(/^(stun|turns?):/)).min(1),
  username: z.string().optional(),
  credential: z.string().optional(),
});
export type IceServer = z.infer<typeof iceServerSchema>;
