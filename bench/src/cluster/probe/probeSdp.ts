import type { DtlsParameters, IceCandidate, IceParameters, RtpCapabilities } from '@huddle/shared';

/** What createTransport told us about the server side of a mediasoup WebRtcTransport. */
export type ServerTransport = {
  iceParameters: IceParameters;
  iceCandidates: IceCandidate[];
  dtlsParameters: DtlsParameters;
};

/** libdatachannel needs one codec to accept the m-section; it hands every packet to the one track regardless. */
export const PLACEHOLDER_CODEC = { payloadType: 96, name: 'VP8', clockRate: 90000 };
/** The probe's one m-section. */
export const PROBE_MID = '0';

type Algorithm = DtlsParameters['fingerprints'][number]['algorithm'];
const ALGORITHMS: ReadonlySet<string> = new Set<Algorithm>(['sha-1', 'sha-224', 'sha-256', 'sha-384', 'sha-512']);
const isAlgorithm = (value: string): value is Algorithm => ALGORITHMS.has(value);
/** libdatachannel verifies these fingerprints; mediasoup offers them among others. */
const USABLE_FINGERPRINTS = new Set(['sha-256', 'sha-384', 'sha-512']);

/**
 * Our DTLS parameters for connectTransport, from libdatachannel's offer: its certificate fingerprint, role client
 * (the answer below says `a=setup:passive`, so mediasoup is the DTLS server).
 */
export function probeDtlsParameters(offerSdp: string): DtlsParameters {
  const fingerprint = /^a=fingerprint:(\S+) (\S+)/m.exec(offerSdp);
  const algorithm = fingerprint?.[1]?.toLowerCase();
  const value = fingerprint?.[2];
  if (!algorithm || !value || !isAlgorithm(algorithm)) throw new Error('the probe offer has no usable fingerprint');
  return { role: 'client', fingerprints: [{ algorithm, value }] };
}

/**
 * The answer for the probe's receive-only offer, made up from mediasoup's transport parameters (mediasoup never
 * sees SDP): ice-lite with its credentials and UDP candidates, its DTLS fingerprint, one BUNDLEd m-section that
 * mediasoup sends on. The same bridge as the test kit's lightweight participants, reduced to one m-section.
 */
export function probeAnswerSdp(transport: ServerTransport): string {
  const { iceParameters, iceCandidates, dtlsParameters } = transport;
  const fingerprint =
    dtlsParameters.fingerprints.find((candidate) => candidate.algorithm === 'sha-256') ??
    dtlsParameters.fingerprints.find((candidate) => USABLE_FINGERPRINTS.has(candidate.algorithm));
  if (!fingerprint) throw new Error('mediasoup offered no sha-256/384/512 DTLS fingerprint');
  const candidates = iceCandidates
    .filter((candidate) => candidate.protocol === 'udp')
    .map(
      (candidate) =>
        `a=candidate:${candidate.foundation} 1 udp ${candidate.priority} ${candidate.ip} ${candidate.port} typ ${candidate.type}`,
    );
  if (candidates.length === 0) throw new Error('mediasoup offered no UDP ICE candidate');
  const { payloadType, name, clockRate } = PLACEHOLDER_CODEC;
  const lines = [
    'v=0',
    'o=mediasoup 1 1 IN IP4 127.0.0.1',
    's=-',
    't=0 0',
    'a=ice-lite',
    `a=group:BUNDLE ${PROBE_MID}`,
    `a=fingerprint:${fingerprint.algorithm} ${fingerprint.value.toUpperCase()}`,
    'a=msid-semantic: WMS *',
    `m=video 9 UDP/TLS/RTP/SAVPF ${payloadType}`,
    'c=IN IP4 127.0.0.1',
    `a=mid:${PROBE_MID}`,
    'a=sendonly',
    `a=ice-ufrag:${iceParameters.usernameFragment}`,
    `a=ice-pwd:${iceParameters.password}`,
    'a=setup:passive',
    'a=rtcp-mux',
    'a=rtcp-rsize',
    `a=rtpmap:${payloadType} ${name}/${clockRate}`,
    ...candidates,
    'a=end-of-candidates',
  ];
  return `${lines.join('\r\n')}\r\n`;
}

/**
 * What the probe receives with: every media codec of the router, no RTX, no RTCP feedback, no header extensions —
 * the same bare RTP the test kit's lightweight receivers negotiate, so a probe costs the SFU what they cost.
 */
export function bareCapabilities(router: RtpCapabilities): RtpCapabilities {
  return {
    codecs: (router.codecs ?? [])
      .filter((codec) => codec.mimeType.toLowerCase() !== `${codec.kind}/rtx`)
      .map((codec) => ({ ...codec, rtcpFeedback: [] })),
    headerExtensions: [],
  };
}
