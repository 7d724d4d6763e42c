import type { Handlers } from '../context.js';

/** Moderator actions over signaling (the `moderate` grant is checked before these run). */
export const moderationHandlers: Pick<
  Handlers,
  'admitFromLobby' | 'denyFromLobby' | 'kickParticipant' | 'muteParticipant'
> = {
  admitFromLobby(context, { lobbyId }) {
    const { room } = context.requireSession();
    room.lobby.admit(lobbyId);
    context.audit('lobby.admit', room.id, { lobbyId });
    return {};
  },

  denyFromLobby(context, { lobbyId }) {
    const { room } = context.requireSession();
    room.lobby.deny(lobbyId);
    context.audit('lobby.deny', room.id, { lobbyId });
    return {};
  },

  kickParticipant(context, { peerId, reason }) {
    const { room, peer } = context.requireSession();
    const why = reason ?? `removed by ${peer.displayName}`;
    const kicked = room.kick(peerId, why);
    context.audit('participant.kick', room.id, { peerId, displayName: kicked.displayName, reason: why });
    return {};
  },

  async muteParticipant(context, { peerId, source }) {
    const { room } = context.requireSession();
    const muted = await room.mute(peerId, source);
    context.audit('participant.mute', room.id, { peerId, displayName: muted.displayName, source });
    return {};
  },
};
