// mediasoup 3.12 server objects → the shared wire schemas (which follow mediasoup-client 3.24's types).
// Each mapping is explicit and validated: the two libraries' types differ (see ../shared/MEDIASOUP.md).
import {
  HEADER_EXTENSION_URIS,
  dtlsParametersSchema,
  iceParametersSchema,
  rtpCapabilitiesSchema,
  rtpParametersSchema,
  type DtlsParameters,
  type IceCandidate,
  type IceParameters,
  type RtpCapabilities,
  type RtpParameters,
} from '@huddle/shared';
import type { types } from 'mediasoup';

const knownUris: ReadonlySet<string> = new Set(HEADER_EXTENSION_URIS);

/** Header extensions mediasoup-client does not know (toffset, framemarking) are left out; it would ignore them. */
export function toWireRtpCapabilities(capabilities: types.RtpCapabilities): RtpCapabilities {
  return rtpCapabilitiesSchema.parse({
    codecs: capabilities.codecs,
    headerExtensions: capabilities.headerExtensions?.filter((extension) => knownUris.has(extension.uri)),
  });
}

export function toWireRtpParameters(parameters: types.RtpParameters): RtpParameters {
  return rtpParametersSchema.parse({
    ...parameters,
    headerExtensions: parameters.headerExtensions?.filter((extension) => knownUris.has(extension.uri)),
  });
}

export function toWireIceParameters(parameters: types.IceParameters): IceParameters {
  return iceParametersSchema.parse(parameters);
}

/** mediasoup 3.12 names the candidate's address `ip`; mediasoup-client 3.24 reads `address`. */
export function toWireIceCandidates(candidates: types.IceCandidate[]): IceCandidate[] {
  return candidates.map((candidate) => ({
    foundation: candidate.foundation,
    priority: candidate.priority,
    address: candidate.ip,
    ip: candidate.ip,
    protocol: candidate.protocol,
    port: candidate.port,
    type: candidate.type,
    ...(candidate.tcpType ? { tcpType: candidate.tcpType } : {}),
  }));
}

export function toWireDtlsParameters(parameters: types.DtlsParameters): DtlsParameters {
  return dtlsParametersSchema.parse(parameters);
}
