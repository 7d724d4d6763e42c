import type { DtlsParameters, IceParameters, ResponseData, RtpCapabilities, RtpParameters } from '@huddle/shared';
import type { types } from 'mediasoup-client';

// Shared wire types ↔ mediasoup-client 3.24 types. The shared schemas follow mediasoup-client field for field, so
// most of these are checked identities: if either side drifts, this file stops compiling. The SCTP parameters
// really differ (mediasoup-client splits the message size into send/receive limits) and are mapped by hand.

export function toClientRtpCapabilities(capabilities: RtpCapabilities): types.RtpCapabilities {
  return capabilities;
}

export function toWireRtpCapabilities(capabilities: types.RtpCapabilities): RtpCapabilities {
  return capabilities;
}

export function toClientRtpParameters(parameters: RtpParameters): types.RtpParameters {
  return parameters;
}

export function toWireRtpParameters(parameters: types.RtpParameters): RtpParameters {
  return parameters;
}

export function toWireDtlsParameters(parameters: types.DtlsParameters): DtlsParameters {
  return parameters;
}

export function toClientIceParameters(parameters: IceParameters): types.IceParameters {
  return parameters;
}

export function toClientTransportOptions(created: ResponseData<'createTransport'>): types.TransportOptions {
  const { transportId, iceParameters, iceCandidates, dtlsParameters, sctpParameters } = created;
  return {
    id: transportId,
    iceParameters: toClientIceParameters(iceParameters),
    iceCandidates,
    dtlsParameters,
    sctpParameters: sctpParameters && {
      port: sctpParameters.port,
      OS: sctpParameters.OS,
      MIS: sctpParameters.MIS,
      maxMessageSize: sctpParameters.maxMessageSize,
      maxSendMessageSize: sctpParameters.maxMessageSize,
      maxReceiveMessageSize: sctpParameters.maxMessageSize,
    },
  };
}
