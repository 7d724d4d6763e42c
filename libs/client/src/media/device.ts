import type * as MediasoupClientModule from 'mediasoup-client';
import type { Device, types } from 'mediasoup-client';
import { UnsupportedBrowserError } from '../errors.js';

type MediasoupClient = typeof MediasoupClientModule;

let loading: Promise<MediasoupClient> | undefined;

/**
 * mediasoup-client, loaded on first use: it is the largest part of a meeting page's script and is not needed
 * before the join's reply, so a bundler splits it off and it loads while the page joins (see RoomSession.join).
 */
export function loadMediasoupClient(): Promise<MediasoupClient> {
  loading ??= import('mediasoup-client');
  return loading;
}

/** What this browser lacks for a meeting, in words; undefined when nothing obvious is missing. */
export function missingBrowserSupport(): string | undefined {
  if (typeof globalThis.RTCPeerConnection !== 'function') return 'it has no WebRTC (RTCPeerConnection)';
  if (typeof globalThis.navigator?.mediaDevices?.getUserMedia !== 'function') {
    return 'it gives no access to cameras and microphones (getUserMedia); a page served over http:// from another machine never has it: use https://';
  }
  return undefined;
}

function isUnsupported(error: unknown): boolean {
  return error instanceof Error && error.name === 'UnsupportedError';
}

/**
 * A mediasoup-client Device for this runtime (or for `handlerName`, e.g. 'Chrome111' for libwebrtc in Node).
 * mediasoup-client's UnsupportedError becomes UnsupportedBrowserError.
 */
export async function createDevice(handlerName?: types.BuiltinHandlerName): Promise<Device> {
  if (typeof globalThis.RTCPeerConnection !== 'function') {
    throw new UnsupportedBrowserError('it has no WebRTC (RTCPeerConnection)');
  }
  const client = await loadMediasoupClient();
  try {
    return new client.Device(handlerName === undefined ? {} : { handlerName });
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
    if (isUnsupported(error)) {
      throw new UnsupportedBrowserError("it cannot send or receive the meeting's codecs", { cause: error });
    }
    throw error;
  }
}
