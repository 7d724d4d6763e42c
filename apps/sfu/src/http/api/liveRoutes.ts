import {
  banListResponseSchema,
  banParamsSchema,
  callListResponseSchema,
  grantsSchema,
  kickRequestSchema,
  lobbyParamsSchema,
  lobbyResponseSchema,
  muteRequestSchema,
  participantListResponseSchema,
  participantParamsSchema,
  permissionsRequestSchema,
  roomSlugParamsSchema,
  type CallListResponse,
} from '@huddle/shared';
import { HuddleError } from '../../errors.js';
import type { ModerateAction } from '../../rooms/link.js';
import type { Moderated } from '../../rooms/moderation.js';
import type { Room } from '../../rooms/room.js';
import type { Services } from '../../services.js';
import { audit } from './audit.js';
import { defineRoute, type ApiRoute } from './route.js';
import { callView, participantView } from './roomViews.js';

/**
 * What is happening in a room's call: participants and their streams, kick, mute, and the lobby. In a cluster,
 * any node answers for the whole call: what it does not host itself it asks of the nodes that do.
 */
export function liveRoutes({ store, rooms, cluster }: Services): ApiRoute[] {
  const liveRoom = (slug: string): Room => {
    const room = rooms.rooms.get(slug);
    if (!room) throw new HuddleError('NOT_FOUND', `no call is running in room ${slug}`);
    return room;
  };
  const moderate = async (slug: string, peerId: string, action: ModerateAction): Promise<Moderated> => {
    const room = rooms.rooms.get(slug);
    if (room?.hasPeer(peerId) || !cluster) return liveRoom(slug).moderation.act(peerId, action);
    return cluster.moderate(slug, peerId, action);
  };
  const decideLobby = async (slug: string, lobbyId: string, admit: boolean): Promise<void> => {
    const room = rooms.rooms.get(slug);
    if (room?.lobbyList().some((entry) => entry.lobbyId === lobbyId) || !cluster) {
      await liveRoom(slug).decideLobby(lobbyId, admit);
      return;
    }
    await cluster.decideLobby(slug, lobbyId, admit);
  };
  /** Mute a source of a participant, or let it unmute again: same shape, one action each. */
  const sourceRoute = (type: 'mute' | 'allowUnmute', summary: string): ApiRoute =>
    defineRoute({
      method: 'post',
      path: `/rooms/:slug/participants/:peerId/${type === 'mute' ? 'mute' : 'allow-unmute'}`,
      summary,
      tag: 'live',
      access: 'operator',
      params: participantParamsSchema,
      body: muteRequestSchema,
      status: 204,
      handle: async ({ ctx, params, body }) => {
        const peer = await moderate(params.slug, params.peerId, { type, source: body.source });
        await audit(store, ctx, `participant.${type}`, params.slug, {
          peerId: peer.id,
          identity: peer.identity,
          source: body.source,
        });
      },
    });
  return [
    defineRoute({
      method: 'get',
      path: '/calls',
      summary: 'Every running call, in stored rooms and in rooms joined ad hoc',
      tag: 'live',
      access: 'operator',
      response: callListResponseSchema,
      handle: async (): Promise<CallListResponse> => ({
        calls: cluster ? await cluster.calls() : [...rooms.rooms.values()].map(callView),
      }),
    }),
    defineRoute({
      method: 'get',
      path: '/rooms/:slug/participants',
      summary: 'Participants of the call, with their producers, bitrates and scores',
      tag: 'live',
      access: 'operator',
      params: roomSlugParamsSchema,
      response: participantListResponseSchema,
      handle: async ({ params }) => {
        const room = rooms.rooms.get(params.slug);
        if (cluster) {
          const participants = await cluster.participants(params.slug);
          if (!room && participants.length === 0 && !(await store.rooms.get(params.slug)))
            throw new HuddleError('NOT_FOUND', `room ${params.slug} not found`);
          return { participants };
        }
        if (!room && !(await store.rooms.get(params.slug)))
          throw new HuddleError('NOT_FOUND', `room ${params.slug} not found`);
        return { participants: await Promise.all([...(room?.peers.values() ?? [])].map(participantView)) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/rooms/:slug/participants/:peerId/kick',
      summary: 'Remove a participant (it is told why)',
      tag: 'live',
      access: 'operator',
      params: participantParamsSchema,
      body: kickRequestSchema,
      status: 204,
      handle: async ({ ctx, params, body }) => {
        const peer = await moderate(params.slug, params.peerId, { type: 'kick', reason: body.reason });
        await audit(store, ctx, 'participant.kick', params.slug, {
          peerId: peer.id,
          identity: peer.identity,
          reason: body.reason,
        });
      },
    }),
    sourceRoute('mute', "Pause a participant's microphone, camera or screen (it is told a host did)"),
    sourceRoute('allowUnmute', 'Let a participant a host muted unmute that source again'),
    defineRoute({
      method: 'patch',
      path: '/rooms/:slug/participants/:peerId/permissions',
      summary: "Grant or revoke a participant's publish, screen and chat at once (a webinar viewer joins the stage)",
      tag: 'live',
      access: 'operator',
      params: participantParamsSchema,
      body: permissionsRequestSchema,
      response: grantsSchema,
      handle: async ({ ctx, params, body }) => {
        const peer = await moderate(params.slug, params.peerId, { type: 'permissions', grants: body });
        await audit(store, ctx, 'participant.permissions', params.slug, {
          peerId: peer.id,
          identity: peer.identity,
          grants: body,
        });
        return peer.grants;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/rooms/:slug/bans',
      summary: 'Identities removed from the room (banned until their join token expires)',
      tag: 'live',
      access: 'operator',
      params: roomSlugParamsSchema,
      response: banListResponseSchema,
      handle: async ({ params }) => ({ bans: await store.bans.list(params.slug) }),
    }),
    defineRoute({
      method: 'delete',
      path: '/rooms/:slug/bans/:identity',
      summary: 'Let a removed identity join the room again',
      tag: 'live',
      access: 'operator',
      params: banParamsSchema,
      status: 204,
      handle: async ({ ctx, params }) => {
        if (!(await store.bans.lift(params.slug, params.identity))) {
          throw new HuddleError('NOT_FOUND', `${params.identity} is not banned from room ${params.slug}`);
        }
        await audit(store, ctx, 'participant.liftBan', params.slug, { identity: params.identity });
      },
    }),
    defineRoute({
      method: 'get',
      path: '/rooms/:slug/lobby',
      summary: 'Who waits in the lobby',
      tag: 'live',
      access: 'operator',
      params: roomSlugParamsSchema,
      response: lobbyResponseSchema,
      handle: async ({ params }) => {
        const room = rooms.rooms.get(params.slug);
        if (room || !cluster) return { waiting: room?.lobbyList() ?? [] };
        return { waiting: await cluster.lobby(params.slug) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/rooms/:slug/lobby/:lobbyId/admit',
      summary: 'Let someone in from the lobby',
      tag: 'live',
      access: 'operator',
      params: lobbyParamsSchema,
      status: 204,
      handle: async ({ ctx, params }) => {
        await decideLobby(params.slug, params.lobbyId, true);
        await audit(store, ctx, 'lobby.admit', params.slug, { lobbyId: params.lobbyId });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/rooms/:slug/lobby/:lobbyId/deny',
      summary: 'Turn someone in the lobby away',
      tag: 'live',
      access: 'operator',
      params: lobbyParamsSchema,
      status: 204,
      handle: async ({ ctx, params }) => {
        await decideLobby(params.slug, params.lobbyId, false);
        await audit(store, ctx, 'lobby.deny', params.slug, { lobbyId: params.lobbyId });
      },
    }),
  ];
}
