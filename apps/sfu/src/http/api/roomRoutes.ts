import {
  chatHistoryQuerySchema,
  chatHistoryResponseSchema,
  createRoomRequestSchema,
  mintTokenRequestSchema,
  mintTokenResponseSchema,
  roomJoinInfoSchema,
  roomListResponseSchema,
  roomResponseSchema,
  roomSlugParamsSchema,
  updateRoomRequestSchema,
} from '@huddle/shared';
import { HuddleError } from '../../errors.js';
import type { Services } from '../../services.js';
import { storedRoomChat, type ChatScope } from '../../store/chatStore.js';
import { audit } from './audit.js';
import { defineRoute, type ApiRoute } from './route.js';
import { roomView } from './roomViews.js';

function noRoom(slug: string): HuddleError {
  return new HuddleError('NOT_FOUND', `room ${slug} not found`);
}

/** Stored rooms: create, list, read, change, delete; end a call; chat history; join tokens. */
export function roomRoutes({ store, rooms, tokens, config }: Services): ApiRoute[] {
  /** A running call's chat (a room joined ad hoc has only that), else the stored room's history. */
  const chatScope = async (slug: string): Promise<ChatScope> => {
    const live = rooms.rooms.get(slug);
    if (live) return live.chatScope;
    if (await store.rooms.get(slug)) return storedRoomChat(slug);
    throw noRoom(slug);
  };
  return [
    defineRoute({
      method: 'get',
      path: '/rooms',
      summary: 'List rooms with live participant counts',
      tag: 'rooms',
      access: 'operator',
      response: roomListResponseSchema,
      handle: async () => ({ rooms: (await store.rooms.list()).map((room) => roomView(room, rooms)) }),
    }),
    defineRoute({
      method: 'post',
      path: '/rooms',
      summary: 'Create a room',
      tag: 'rooms',
      access: 'operator',
      body: createRoomRequestSchema,
      status: 201,
      response: roomResponseSchema,
      handle: async ({ ctx, body }) => {
        const room = await store.rooms.create(body);
        if (!room) throw new HuddleError('CONFLICT', `room ${body.slug} exists already`);
        await audit(store, ctx, 'room.create', room.slug, body);
        ctx.set('Location', `/api/v1/rooms/${room.slug}`);
        return roomView(room, rooms);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/rooms/:slug',
      summary: 'Get a room',
      tag: 'rooms',
      access: 'operator',
      params: roomSlugParamsSchema,
      response: roomResponseSchema,
      handle: async ({ params }) => {
        const room = await store.rooms.get(params.slug);
        if (!room) throw noRoom(params.slug);
        return roomView(room, rooms);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/rooms/:slug/join-info',
      summary: 'How a page joins a room: its mode (webinar: anonymous joiners only watch) and whether it has chat',
      tag: 'rooms',
      access: 'public',
      params: roomSlugParamsSchema,
      response: roomJoinInfoSchema,
      handle: async ({ params }) => {
        const { mode, chat } = await rooms.policy(params.slug);
        return { mode, chat };
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/rooms/:slug',
      summary: 'Change a room (applies to the next join)',
      tag: 'rooms',
      access: 'operator',
      params: roomSlugParamsSchema,
      body: updateRoomRequestSchema,
      response: roomResponseSchema,
      handle: async ({ ctx, params, body }) => {
        const room = await store.rooms.update(params.slug, body);
        if (!room) throw noRoom(params.slug);
        rooms.rooms.get(room.slug)?.applySettings(room);
        await audit(store, ctx, 'room.update', room.slug, body);
        return roomView(room, rooms);
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/rooms/:slug',
      summary: 'Delete a room and its chat history, ending its call for everyone',
      tag: 'rooms',
      access: 'operator',
      params: roomSlugParamsSchema,
      status: 204,
      handle: async ({ ctx, params }) => {
        if (!(await store.rooms.delete(params.slug))) throw noRoom(params.slug);
        rooms.rooms.get(params.slug)?.close('closedByAdmin');
        await audit(store, ctx, 'room.delete', params.slug);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/rooms/:slug/close',
      summary: 'End the call in a room for everyone (the room stays)',
      tag: 'rooms',
      access: 'operator',
      params: roomSlugParamsSchema,
      status: 204,
      handle: async ({ ctx, params }) => {
        const live = rooms.rooms.get(params.slug);
        if (!live) throw new HuddleError('NOT_FOUND', `no call is running in room ${params.slug}`);
        live.close('closedByAdmin');
        await audit(store, ctx, 'room.close', params.slug);
      },
    }),
    defineRoute({
      method: 'get',
      path: '/rooms/:slug/chat',
      summary: 'Page through the chat history (newest page first; private messages included)',
      tag: 'rooms',
      access: 'operator',
      params: roomSlugParamsSchema,
      query: chatHistoryQuerySchema,
      response: chatHistoryResponseSchema,
      handle: async ({ params, query }) =>
        store.chat.history(await chatScope(params.slug), {
          limit: query.limit,
          ...(query.beforeSeq === undefined ? {} : { beforeSeq: query.beforeSeq }),
        }),
    }),
    defineRoute({
      method: 'delete',
      path: '/rooms/:slug/chat',
      summary: "Delete a room's chat history (a running call's messages included)",
      tag: 'rooms',
      access: 'operator',
      params: roomSlugParamsSchema,
      status: 204,
      handle: async ({ ctx, params }) => {
        const deleted = await store.chat.clear(await chatScope(params.slug));
        await audit(store, ctx, 'room.chat.delete', params.slug, { deleted });
      },
    }),
    defineRoute({
      method: 'post',
      path: '/rooms/:slug/tokens',
      summary: 'Mint a join token for a room',
      tag: 'tokens',
      access: 'operator',
      params: roomSlugParamsSchema,
      body: mintTokenRequestSchema,
      status: 201,
      response: mintTokenResponseSchema,
      handle: async ({ ctx, params, body }) => {
        const { maxTtlSeconds } = config.tokens;
        if (body.ttlSeconds > maxTtlSeconds) {
          throw new HuddleError('INVALID_PARAMS', `ttlSeconds may be at most ${maxTtlSeconds}`, {
            details: [{ path: 'ttlSeconds', message: `at most ${maxTtlSeconds}` }],
          });
        }
        const minted = await tokens.mint(params.slug, body);
        await audit(store, ctx, 'token.mint', params.slug, { identity: body.identity, grants: body.grants });
        return { ...minted, room: params.slug, grants: body.grants };
      },
    }),
  ];
}
