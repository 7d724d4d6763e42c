import { PROTOCOL_VERSION, type ResponseData } from '@huddle/shared';
import { HuddleError } from '../../errors.js';
import { toWireRtpCapabilities } from '../../media/wire.js';
import { admit, type Admission } from '../../rooms/admission.js';
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

function assertConnected(context: SessionContext): void {
  if (context.connection.closed.aborted) throw new HuddleError('CONNECTION_CLOSED', 'the connection closed');
}

/** Stage peers in the join reply; more with `listPeers`. */
const FIRST_PAGE = 100;

/** A room closing under a join (its empty grace ran out at that moment) is retried once. */
const JOIN_ATTEMPTS = 2;

async function joinRoom(context: SessionContext, roomId: string, admission: Admission): Promise<ResponseData<'join'>> {
  for (let attempt = 1; ; attempt += 1) {
    assertConnected(context);
    const room = await context.rooms.getOrCreate(roomId);
    try {
      const peer = await room.join(admission, context.connection);
      try {
        context.bind({ room, peer });
      } catch (error) {
        peer.close();
        throw error;
      }
      context.afterReply(() => room.sendLobbyTo(peer));
      return {
        peerId: peer.id,
        role: peer.role,
        resumeToken: peer.resumeToken,
        routerRtpCapabilities: toWireRtpCapabilities(peer.router.router.rtpCapabilities),
        ...room.stageFor(peer, FIRST_PAGE),
        mode: room.policy().mode,
        grants: peer.grants,
        iceServers: context.iceServers(peer.id),
        recording: context.recordings.current(room.id),
      };
    } catch (error) {
      const turnedAway = error instanceof HuddleError && error.code !== 'SERVICE_UNAVAILABLE';
      if (!room.closed || turnedAway || attempt >= JOIN_ATTEMPTS) throw error;
    }
  }
}

export const sessionHandlers: Pick<Handlers, 'join' | 'resume' | 'leave' | 'ping' | 'setRtpCapabilities'> = {
  async join(context, { protocolVersion, roomId, displayName, token }) {
    checkProtocol(protocolVersion);
    assertNotJoined(context);
    context.rooms.assertAcceptingJoins();
    const admission = await admit(roomId, { displayName, token }, await context.rooms.policy(roomId), context.tokens);
    const releaseSeat = context.rooms.holdSeat();
    try {
      return await joinRoom(context, roomId, admission);
    } finally {
      releaseSeat();
    }
  },

  resume(context, { protocolVersion, peerId, resumeToken }) {
    checkProtocol(protocolVersion);
    assertNotJoined(context);
    const found = context.rooms.findPeer(peerId);
    const nextToken = found && !found.peer.closed ? found.peer.redeemResumeToken(resumeToken) : undefined;
    if (!found || nextToken === undefined) {
      throw new HuddleError('RESUME_FAILED', 'this session is gone (it timed out or the room closed); join again');
    }
    context.bind(found);
    context.afterReply(() => found.room.reconnect(found.peer, context.connection));
    return {
      peers: found.room.listPeers(found.peer, { limit: FIRST_PAGE, viewers: false }).peers,
      resumeToken: nextToken,
      self: found.peer.selfState(),
      recording: context.recordings.current(found.room.id),
    };
  },

  leave(context) {
    context.requireSession().peer.close();
    return {};
  },

  ping() {
    return {};
  },

  async setRtpCapabilities(context, { rtpCapabilities }) {
    const { room, peer } = context.requireSession();
    await room.media.setRtpCapabilities(peer, rtpCapabilities);
    return {};
  },
};
