import type { Grants, ResponseData } from '@huddle/shared';
import type { types } from 'mediasoup-client';
import { PeerMedia } from '../media/peerMedia.js';
import type { SignalClient } from '../signaling/signalClient.js';

/**
 * Starts a new peer's media with the transports its grants allow: a send transport only with `publish` or `screen`
 * (a viewer has none until one is granted), a receive transport with `subscribe`; both while the server sends no
 * grants.
 */
export function startPeerMedia(
  signal: SignalClient,
  joined: ResponseData<'join'>,
  grants: Grants | undefined,
  handlerName: types.BuiltinHandlerName | undefined,
): Promise<PeerMedia> {
  return PeerMedia.start(signal, joined.routerRtpCapabilities, {
    handlerName,
    iceServers: joined.iceServers,
    send: grants === undefined || grants.publish || grants.screen,
    receive: grants === undefined || grants.subscribe,
  });
}
