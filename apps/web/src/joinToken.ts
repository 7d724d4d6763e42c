import { displayNameSchema } from '@huddle/shared';
import { z } from 'zod';

const payloadSchema = z.object({ name: displayNameSchema });

/**
 * The display name inside a join token (`?token=` of a join link). Only read for the page; the SFU verifies the
 * token and uses this same name.
 */
export function joinTokenName(token: string | null): string | null {
  const payload = token?.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (char) => char.charCodeAt(0));
    const parsed = payloadSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
    return parsed.success ? parsed.data.name : null;
  } catch {
    return null;
  }
}
