import type { Grants, ResponseData } from '@huddle/shared';
import { PeerMedia, type PeerMediaOptions } from '../media/peerMedia.js';
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
  options: Pick<PeerMediaOptions, 'handlerName' | 'iceTransportPolicy'>,
): Promise<PeerMedia> {
  return PeerMedia.start(signal, joined.routerRtpCapabilities, {
    ...options,
    iceServers: joined.iceServers,
    send: grants === undefined || grants.publish || grants.screen,
    receive: grants === undefined || grants.subscribe,
  });
}
