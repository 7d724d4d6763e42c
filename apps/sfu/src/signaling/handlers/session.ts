import { PROTOCOL_VERSION } from '@huddle/shared';
import { HuddleError } from '../../errors.js';
import { toWireRtpCapabilities } from '../../media/wire.js';
import { admit } from '../../rooms/admission.js';
import type { Handlers, SessionContext } from '../context.js';

function checkProtocol(version: number): void {
  if (version !== PROTOCOL_VERSION) {
    throw new HuddleError(
      'PROTOCOL_VERSION_MISMATCH',
      `this server speaks signaling protocol ${PROTOCOL_VERSION}, the client ${version}: reload the page or update the client`,
    );
  }
}

function assertNotJoined(context: SessionContext): void {
  if (context.session)
    throw new HuddleError('ALREADY_JOINED', 'this connection has joined a room already; leave first');
}

/** A room closing under a join (its empty grace ran out at that moment) is retried once. */
const JOIN_ATTEMPTS = 2;

export const sessionHandlers: Pick<Handlers, 'join' | 'resume' | 'leave' | 'setRtpCapabilities'> = {
  async join(context, { protocolVersion, roomId, displayName, token }) {
    checkProtocol(protocolVersion);
    assertNotJoined(context);
    const admission = await admit(roomId, { displayName, token }, context.rooms.policy(roomId), context.tokens);
    for (let attempt = 1; ; attempt += 1) {
      const room = await context.rooms.getOrCreate(roomId);
      try {
        const peer = await room.join(admission, context.sink, context.closed);
        context.bind({ room, peer });
        context.afterReply(() => room.sendLobbyTo(peer));
        return {
          peerId: peer.id,
          role: peer.role,
          resumeToken: peer.resumeToken,
          routerRtpCapabilities: toWireRtpCapabilities(peer.router.router.rtpCapabilities),
          peers: [...room.peers.values()].filter((other) => other !== peer).map((other) => other.info()),
          grants: { ...peer.grants, moderate: peer.can('moderate') },
        };
      } catch (error) {
        const turnedAway = error instanceof HuddleError && error.code === 'LOBBY_DENIED';
        if (!room.closed || turnedAway || attempt >= JOIN_ATTEMPTS) throw error;
      }
    }
  },

  resume(context, { protocolVersion, peerId, resumeToken }) {
    checkProtocol(protocolVersion);
    assertNotJoined(context);
    const found = context.rooms.findPeer(peerId);
    if (!found || found.peer.closed || !found.peer.matchesResumeToken(resumeToken)) {
      throw new HuddleError('RESUME_FAILED', 'this session is gone (it timed out or the room closed); join again');
    }
    context.bind(found);
    context.afterReply(() => found.room.reconnect(found.peer, context.sink));
    return {
      peers: [...found.room.peers.values()].filter((other) => other !== found.peer).map((other) => other.info()),
    };
  },

  leave(context) {
    context.requireSession().peer.close();
    return {};
  },

  setRtpCapabilities(context, { rtpCapabilities }) {
    const { room, peer } = context.requireSession();
    room.setRtpCapabilities(peer, rtpCapabilities);
    return {};
  },
};
