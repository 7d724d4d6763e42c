import type { VethNamespace } from '../netns.js';

/**
 * Janus skips loopback interfaces when gathering ICE candidates, so it cannot do ICE over 127.0.0.1. It runs in
 * this network namespace instead, joined to the host by a veth pair: the bots stay on the host and reach Janus at
 * NS_ADDRESS over the veth (their ICE host candidate is HOST_ADDRESS), nothing is exposed beyond this machine.
 */
export const JANUS_NETWORK: VethNamespace = {
  namespace: 'hbjanus',
  hostLink: 'hbj-host',
  nsLink: 'hbj-ns',
  hostAddress: '10.77.0.1',
  nsAddress: '10.77.0.2',
  prefixLength: 24,
};
export const NAMESPACE = JANUS_NETWORK.namespace;
export const HOST_ADDRESS = JANUS_NETWORK.hostAddress;
export const NS_ADDRESS = JANUS_NETWORK.nsAddress;
