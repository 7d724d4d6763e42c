import {
  auditResponseSchema,
  lobbyResponseSchema,
  loginResponseSchema,
  mintTokenResponseSchema,
  participantListResponseSchema,
  principalResponseSchema,
  recordingListResponseSchema,
  recordingSchema,
  roomListResponseSchema,
  roomResponseSchema,
  serverStatsSchema,
  type CreateRoomRequest,
  type Grants,
  type MediaSource,
  type UpdateRoomRequest,
} from '@huddle/shared';
import { requestEmpty, requestJson } from './http.js';

/** Only what the form gives; the server fills the defaults. */
export type NewRoom = Partial<CreateRoomRequest> & Pick<CreateRoomRequest, 'slug'>;
export type TokenRequest = {
  identity: string;
  name: string;
  ttlSeconds: number;
  grants: Grants;
};

const room = (slug: string): string => `/rooms/${encodeURIComponent(slug)}`;
const peer = (slug: string, peerId: string): string => `${room(slug)}/participants/${encodeURIComponent(peerId)}`;

/** The admin REST API (`/api/v1`), every reply validated against `@huddle/shared`. */
export const adminApi = {
  login: (username: string, password: string) =>
    requestJson(loginResponseSchema, 'POST', '/auth/login', { username, password }),
  logout: () => requestEmpty('POST', '/auth/logout'),
  me: () => requestJson(principalResponseSchema, 'GET', '/auth/me'),

  rooms: () => requestJson(roomListResponseSchema, 'GET', '/rooms'),
  room: (slug: string) => requestJson(roomResponseSchema, 'GET', room(slug)),
  createRoom: (settings: NewRoom) => requestJson(roomResponseSchema, 'POST', '/rooms', settings),
  updateRoom: (slug: string, patch: UpdateRoomRequest) => requestJson(roomResponseSchema, 'PATCH', room(slug), patch),
  closeRoom: (slug: string) => requestEmpty('POST', `${room(slug)}/close`),
  mintToken: (slug: string, request: TokenRequest) =>
    requestJson(mintTokenResponseSchema, 'POST', `${room(slug)}/tokens`, request),

  participants: (slug: string) => requestJson(participantListResponseSchema, 'GET', `${room(slug)}/participants`),
  kick: (slug: string, peerId: string, reason: string) =>
    requestEmpty('POST', `${peer(slug, peerId)}/kick`, { reason }),
  mute: (slug: string, peerId: string, source: MediaSource) =>
    requestEmpty('POST', `${peer(slug, peerId)}/mute`, { source }),
  lobby: (slug: string) => requestJson(lobbyResponseSchema, 'GET', `${room(slug)}/lobby`),
  admit: (slug: string, lobbyId: string) => requestEmpty('POST', `${room(slug)}/lobby/${lobbyId}/admit`),
  deny: (slug: string, lobbyId: string) => requestEmpty('POST', `${room(slug)}/lobby/${lobbyId}/deny`),

  recordings: (room?: string, cursor?: string) => {
    const query = new URLSearchParams({ limit: '25' });
    if (room) query.set('room', room);
    if (cursor) query.set('cursor', cursor);
    return requestJson(recordingListResponseSchema, 'GET', `/recordings?${query.toString()}`);
  },
  recording: (id: string) => requestJson(recordingSchema, 'GET', `/recordings/${encodeURIComponent(id)}`),
  startRecording: (slug: string) => requestJson(recordingSchema, 'POST', `${room(slug)}/recordings`),
  stopRecording: (id: string) => requestJson(recordingSchema, 'POST', `/recordings/${encodeURIComponent(id)}/stop`),
  deleteRecording: (id: string) => requestEmpty('DELETE', `/recordings/${encodeURIComponent(id)}`),

  server: () => requestJson(serverStatsSchema, 'GET', '/server'),
  audit: (beforeId?: number) =>
    requestJson(auditResponseSchema, 'GET', `/audit?limit=50${beforeId === undefined ? '' : `&beforeId=${beforeId}`}`),
};
