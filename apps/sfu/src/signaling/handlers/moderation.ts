import type { Handlers } from '../context.js';

/** Moderator actions over signaling (the `moderate` grant is checked before these run), and asking to unmute. */
export const moderationHandlers: Pick<
  Handlers,
  | 'admitFromLobby'
  | 'denyFromLobby'
  | 'kickParticipant'
  | 'muteParticipant'
  | 'requestUnmute'
  | 'allowUnmute'
  | 'liftBan'
  | 'setPermissions'
> = {
  async admitFromLobby(context, { lobbyId }) {
    const { room } = context.requireSession();
    await room.decideLobby(lobbyId, true);
    await context.audit('lobby.admit', room.id, { lobbyId });
    return {};
  },

  async denyFromLobby(context, { lobbyId }) {
    const { room } = context.requireSession();
    await room.decideLobby(lobbyId, false);
    await context.audit('lobby.deny', room.id, { lobbyId });
    return {};
  },

  async kickParticipant(context, { peerId, reason }) {
    const { room, peer } = context.requireSession();
    const why = reason ?? `removed by ${peer.displayName}`;
    const kicked = await room.moderation.kick(peerId, why);
    await context.audit('participant.kick', room.id, { peerId, identity: kicked.identity, reason: why });
    return {};
  },

  async muteParticipant(context, { peerId, source }) {
    const { room } = context.requireSession();
    const muted = await room.moderation.mute(peerId, source);
    await context.audit('participant.mute', room.id, { peerId, identity: muted.identity, source });
    return {};
  },

  requestUnmute(context, { source }) {
    const { room, peer } = context.requireSession();
    room.moderation.requestUnmute(peer, source);
    return {};
  },

  async allowUnmute(context, { peerId, source }) {
    const { room } = context.requireSession();
    const allowed = await room.moderation.allowUnmute(peerId, source);
    await context.audit('participant.allowUnmute', room.id, { peerId, identity: allowed.identity, source });
    return {};
  },

  async setPermissions(context, { peerId, grants }) {
    const { room } = context.requireSession();
    const peer = await room.moderation.setPermissions(peerId, grants);
    await context.audit('participant.permissions', room.id, { peerId, identity: peer.identity, grants });
    return { grants: peer.grants };
  },

  async liftBan(context, { identity }) {
    const { room } = context.requireSession();
    await room.moderation.liftBan(identity);
    await context.audit('participant.liftBan', room.id, { identity });
    return {};
  },
};
