import { PeerConnection } from 'node-datachannel';
import type { Jsep } from './janusMessages.js';
import { HOST_ADDRESS } from './netns.js';

const GATHERING_TIMEOUT_MS = 10_000;

/**
 * A node-datachannel PeerConnection for a bot talking to Janus: it gathers only on the veth's host end, the
 * one address Janus (in its namespace) can reach, so ICE has a single candidate pair to check.
 */
export function createBotPeer(name: string): PeerConnection {
  return new PeerConnection(name, { iceServers: [], bindAddress: HOST_ADDRESS });
}

/**
 * Runs `negotiate` (which must set a local or remote description) and resolves with the local description once
 * ICE gathering completes, candidates included: Janus then needs no trickle from the bot.
 */
export async function localDescriptionWithCandidates(peer: PeerConnection, negotiate: () => void): Promise<Jsep> {
  const gathered = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('ICE gathering did not complete')), GATHERING_TIMEOUT_MS);
    peer.onGatheringStateChange((state) => {
      if (state !== 'complete') return;
      clearTimeout(timer);
      resolve();
    });
  });
  negotiate();
  if (peer.gatheringState() !== 'complete') await gathered;
  const description = peer.localDescription();
  if (description?.type !== 'offer' && description?.type !== 'answer') {
    throw new Error(`no local offer or answer after negotiation: ${JSON.stringify(description)}`);
  }
  return { type: description.type, sdp: description.sdp };
}
