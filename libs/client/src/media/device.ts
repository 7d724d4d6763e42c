import { Device, detectDevice, type types } from 'mediasoup-client';
import { UnsupportedBrowserError } from '../errors.js';

/** What this browser lacks for a meeting, in words; undefined when it has everything. */
export function missingBrowserSupport(): string | undefined {
  if (typeof globalThis.RTCPeerConnection !== 'function') return 'it has no WebRTC (RTCPeerConnection)';
  if (typeof globalThis.navigator?.mediaDevices?.getUserMedia !== 'function') {
    return 'it gives no access to cameras and microphones (getUserMedia); a page served over http:// from another machine never has it: use https://';
  }
  if (detectDevice() === undefined) return 'its WebRTC is not one Huddle can use';
  return undefined;
}

function isUnsupported(error: unknown): boolean {
  return error instanceof Error && error.name === 'UnsupportedError';
}

/**
 * A mediasoup-client Device for this runtime (or for `handlerName`, e.g. 'Chrome111' for libwebrtc in Node).
 * mediasoup-client's UnsupportedError becomes UnsupportedBrowserError.
 */
export function createDevice(handlerName?: types.BuiltinHandlerName): Device {
  if (typeof globalThis.RTCPeerConnection !== 'function') {
    throw new UnsupportedBrowserError('it has no WebRTC (RTCPeerConnection)');
  }
  try {
    return new Device(handlerName === undefined ? {} : { handlerName });
  } catch (error) {
    if (isUnsupported(error))
      throw new UnsupportedBrowserError('its WebRTC is not one Huddle can use', { cause: error });
    throw error;
  }
}

/** Loads the router's capabilities into the device (mediasoup-client probes the browser's own on the way). */
export async function loadDevice(device: Device, routerRtpCapabilities: types.RtpCapabilities): Promise<void> {
  try {
    await device.load({ routerRtpCapabilities });
  } catch (error) {
    if (isUnsupported(error))
      throw new UnsupportedBrowserError("it cannot send or receive the meeting's codecs", { cause: error });
    throw error;
  }
}
