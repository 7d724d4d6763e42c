import { roomJoinInfoSchema, type RoomJoinInfo } from '@huddle/shared';
import { joinTokenGrants } from './joinToken.js';

/**
 * What the page knows before joining. `viewer`: this join will not be allowed to publish (a join token without
 * `publish`, or an anonymous join of a webinar), so the page never opens a camera or microphone — no device check
 * before the join, nothing sent after it. `chat`: the room has chat (a participant's own grant may still forbid it).
 */
export type JoinPlan = { viewer: boolean; chat: boolean };

/**
 * Asks the SFU how `roomId` is joined (`GET /api/v1/rooms/{slug}/join-info`) and reads the join token's grants.
 * When the SFU cannot tell, the page joins as in a meeting; the join's own grants still hold (a viewer who opened
 * devices lets go of them once joined).
 */
export async function joinPlan(roomId: string, token: string | null): Promise<JoinPlan> {
  const grants = joinTokenGrants(token);
  let info: RoomJoinInfo = { mode: 'meeting', chat: true };
  try {
    const response = await fetch(`/api/v1/rooms/${encodeURIComponent(roomId)}/join-info`, {
      headers: { accept: 'application/json' },
    });
    if (response.ok) info = roomJoinInfoSchema.parse(await response.json());
  } catch {
    // Unreachable, or an answer we do not understand: the join says what is wrong.
  }
  const viewer = grants ? !grants.publish : info.mode === 'webinar';
  return { viewer, chat: info.chat };
}
