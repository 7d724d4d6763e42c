import type { Grant, Method, RequestData } from '@huddle/shared';
import { HuddleError } from '../errors.js';
import type { SessionContext } from './context.js';

const NONE: readonly Grant[] = [];

/**
 * For every method, the grants of which the peer needs at least one (none listed: open to any joined peer, or
 * to anyone for join/resume). A new method does not compile until it has an entry here.
 */
const REQUIRED: { [M in Method]: (data: RequestData<M>, selfId: string | undefined) => readonly Grant[] } = {
  join: () => NONE,
  resume: () => NONE,
  leave: () => NONE,
  ping: () => NONE,
  setRtpCapabilities: () => NONE,
  createTransport: ({ direction }) => (direction === 'recv' ? ['subscribe'] : ['publish', 'screen']),
  connectTransport: () => NONE,
  restartIce: () => NONE,
  produce: ({ source }) => (source === 'screen' || source === 'screen-audio' ? ['screen'] : ['publish']),
  closeProducer: () => NONE,
  pauseProducer: () => NONE,
  resumeProducer: () => NONE,
  consume: () => ['subscribe'],
  pauseConsumer: () => ['subscribe'],
  resumeConsumer: () => ['subscribe'],
  setConsumerPreferredLayers: () => ['subscribe'],
  sendChat: () => ['chat'],
  getChatHistory: () => NONE,
  setHandRaised: ({ peerId }, selfId) => (peerId === undefined || peerId === selfId ? NONE : ['moderate']),
  sendReaction: () => NONE,
  admitFromLobby: () => ['moderate'],
  denyFromLobby: () => ['moderate'],
  kickParticipant: () => ['moderate'],
  muteParticipant: () => ['moderate'],
  requestUnmute: () => NONE,
  allowUnmute: () => ['moderate'],
  liftBan: () => ['moderate'],
  listPeers: ({ viewers }) => (viewers === true ? ['moderate'] : NONE),
  setPermissions: () => ['moderate'],
  startRecording: () => ['record'],
  stopRecording: () => ['record'],
};

/** Refuses a request whose peer lacks every grant the method needs, with FORBIDDEN naming them. */
export function assertGrants<M extends Method>(method: M, data: RequestData<M>, context: SessionContext): void {
  const needed = REQUIRED[method](data, context.session?.peer.id);
  if (needed.length === 0) return;
  const { peer } = context.requireSession();
  if (needed.some((grant) => peer.can(grant))) return;
  const names = needed.map((grant) => `"${grant}"`).join(' or ');
  throw new HuddleError('FORBIDDEN', `"${method}" needs the ${names} grant, which this participant does not have`);
}
