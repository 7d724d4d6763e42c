import type { DtlsParameters, IceCandidate, IceParameters } from '@huddle/shared';

/** What createTransport told us about the server side of a mediasoup WebRtcTransport. */
export type ServerTransport = {
  iceParameters: IceParameters;
  iceCandidates: IceCandidate[];
  dtlsParameters: DtlsParameters;
};

export type SdpCodec = { payloadType: number; name: string; clockRate: number; channels?: number };

/** One m-section as the server side sees it: `sendonly` when mediasoup sends to us, `recvonly` when it receives. */
export type RemoteMediaSection = {
  mid: string;
  kind: 'audio' | 'video';
  direction: 'sendonly' | 'recvonly';
  codecs: SdpCodec[];
};

/** libdatachannel verifies sha-256, sha-384 and sha-512 fingerprints; mediasoup offers those among others. */
const USABLE_FINGERPRINTS = new Set(['sha-256', 'sha-384', 'sha-512']);

/**
 * The SDP answer of the mediasoup side of a transport, for libdatachannel's setRemoteDescription. mediasoup
 * itself never sees SDP: its ICE and DTLS parameters
 * come from createTransport and ours go back with connectTransport; codecs, SSRCs and payload types are
 * agreed through rtpParameters. So the SDP only has to carry what libdatachannel needs to run ICE, DTLS and
 * SRTP against mediasoup:
 * - `a=ice-lite` and mediasoup's ICE credentials and UDP candidates (libjuice does no ICE-TCP);
 * - mediasoup's DTLS fingerprint and `a=setup:passive`: mediasoup is the DTLS server, we the client (the role
 *   connectTransport announced);
 * - BUNDLE + rtcp-mux: one ICE/DTLS transport, like mediasoup's.
 */
export function remoteSdp(transport: ServerTransport, sections: RemoteMediaSection[], version: number): string {
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
  const lines = [
    'v=0',
    `o=mediasoup 1 ${version} IN IP4 127.0.0.1`,
    's=-',
    't=0 0',
    'a=ice-lite',
    `a=group:BUNDLE ${sections.map((section) => section.mid).join(' ')}`,
    `a=fingerprint:${fingerprint.algorithm} ${fingerprint.value.toUpperCase()}`,
    'a=msid-semantic: WMS *',
  ];
  for (const [index, section] of sections.entries()) {
    lines.push(
      `m=${section.kind} 9 UDP/TLS/RTP/SAVPF ${section.codecs.map((codec) => codec.payloadType).join(' ')}`,
      'c=IN IP4 127.0.0.1',
      `a=mid:${section.mid}`,
      `a=${section.direction}`,
      `a=ice-ufrag:${iceParameters.usernameFragment}`,
      `a=ice-pwd:${iceParameters.password}`,
      'a=setup:passive',
      'a=rtcp-mux',
      'a=rtcp-rsize',
    );
    for (const codec of section.codecs) {
      const channels = codec.channels && codec.channels > 1 ? `/${codec.channels}` : '';
      lines.push(`a=rtpmap:${codec.payloadType} ${codec.name}/${codec.clockRate}${channels}`);
    }
    // Candidates belong to the transport; with BUNDLE the first m-section carries them.
    if (index === 0) lines.push(...candidates, 'a=end-of-candidates');
  }
  return `${lines.join('\r\n')}\r\n`;
}
