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
import type { Room } from '../../rooms/room.js';
import type { Services } from '../../services.js';
import { audit } from './audit.js';
import { defineRoute, type ApiRoute } from './route.js';
import { participantView } from './roomViews.js';

/** What is happening in a room's call: participants and their streams, kick, mute, and the lobby. */
export function liveRoutes({ store, rooms }: Services): ApiRoute[] {
  const liveRoom = (slug: string): Room => {
    const room = rooms.rooms.get(slug);
    if (!room) throw new HuddleError('NOT_FOUND', `no call is running in room ${slug}`);
    return room;
  };
  return [
    defineRoute({
      method: 'get',
      path: '/calls',
      summary: 'Every running call, in stored rooms and in rooms joined ad hoc',
      tag: 'live',
      access: 'operator',
      response: callListResponseSchema,
      handle: (): CallListResponse => ({
        calls: [...rooms.rooms.values()].map((room) => ({
          room: room.id,
          stored: room.policy().stored,
          startedAt: room.startedAt,
          participants: room.peers.size,
          waiting: room.lobby.size,
        })),
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
        const peer = await liveRoom(params.slug).moderation.kick(params.peerId, body.reason);
        await audit(store, ctx, 'participant.kick', params.slug, {
          peerId: peer.id,
          identity: peer.identity,
          reason: body.reason,
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/rooms/:slug/participants/:peerId/mute',
      summary: "Pause a participant's microphone, camera or screen (it is told a host did)",
      tag: 'live',
      access: 'operator',
      params: participantParamsSchema,
      body: muteRequestSchema,
      status: 204,
      handle: async ({ ctx, params, body }) => {
        const peer = await liveRoom(params.slug).moderation.mute(params.peerId, body.source);
        await audit(store, ctx, 'participant.mute', params.slug, {
          peerId: peer.id,
          identity: peer.identity,
          source: body.source,
        });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/rooms/:slug/participants/:peerId/allow-unmute',
      summary: 'Let a participant a host muted unmute that source again',
      tag: 'live',
      access: 'operator',
      params: participantParamsSchema,
      body: muteRequestSchema,
      status: 204,
      handle: async ({ ctx, params, body }) => {
        const peer = await liveRoom(params.slug).moderation.allowUnmute(params.peerId, body.source);
        await audit(store, ctx, 'participant.allowUnmute', params.slug, {
          peerId: peer.id,
          identity: peer.identity,
          source: body.source,
        });
      },
    }),
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
        const peer = await liveRoom(params.slug).moderation.setPermissions(params.peerId, body);
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
      handle: ({ params }) => ({ waiting: rooms.rooms.get(params.slug)?.lobbyList() ?? [] }),
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
        await liveRoom(params.slug).decideLobby(params.lobbyId, true);
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
        await liveRoom(params.slug).decideLobby(params.lobbyId, false);
        await audit(store, ctx, 'lobby.deny', params.slug, { lobbyId: params.lobbyId });
      },
    }),
  ];
}
