import { createRequire } from 'node:module';
import type * as WrtcModule from '@roamhq/wrtc';

// @roamhq/wrtc is libwebrtc compiled for Node, a CommonJS native addon: its standard classes follow the DOM
// types, its `nonstandard` ones feed raw frames and audio in.
type Wrtc = typeof WrtcModule;
export type NonstandardApi = Wrtc['nonstandard'];

let loaded: Wrtc | undefined;

/**
 * Loads libwebrtc and installs its classes as globals, where mediasoup-client's Chrome111 handler looks for them
 * (it runs in browsers, so it never imports them). Safe to call many times.
 */
export function loadWrtc(): Wrtc {
  if (loaded) return loaded;
  const wrtc = createRequire(import.meta.url)('@roamhq/wrtc') as Wrtc;
  Object.assign(globalThis, {
    RTCPeerConnection: wrtc.RTCPeerConnection,
    RTCSessionDescription: wrtc.RTCSessionDescription,
    RTCIceCandidate: wrtc.RTCIceCandidate,
    MediaStream: wrtc.MediaStream,
    MediaStreamTrack: wrtc.MediaStreamTrack,
    RTCRtpSender: wrtc.RTCRtpSender,
    RTCRtpReceiver: wrtc.RTCRtpReceiver,
    RTCRtpTransceiver: wrtc.RTCRtpTransceiver,
  });
  loaded = wrtc;
  return wrtc;
}

/**
 * Makes this Node process a WebRTC runtime for the client SDK (@huddle/client): libwebrtc's classes become the
 * globals mediasoup-client looks for. Then a RoomSession works in Node with `handlerName: 'Chrome111'` and the
 * `ws` package's WebSocket. Safe to call many times.
 */
export function installNodeWebRtc(): void {
  loadWrtc();
}
