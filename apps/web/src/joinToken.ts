import { displayNameSchema, grantsSchema, type Grants } from '@huddle/shared';
import { z } from 'zod';

const payloadSchema = z.object({ name: displayNameSchema.optional(), grants: grantsSchema.optional() });
type Payload = z.infer<typeof payloadSchema>;

/** The claims of a join token (`?token=` of a join link), unverified: only read for the page; the SFU verifies. */
function payloadOf(token: string | null): Payload | null {
  const payload = token?.split('.')[1];
  if (!payload) return null;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const bytes = Uint8Array.from(json, (char) => char.charCodeAt(0));
    const parsed = payloadSchema.safeParse(JSON.parse(new TextDecoder().decode(bytes)));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** The display name inside a join token; the SFU uses this same name. */
export function joinTokenName(token: string | null): string | null {
  return payloadOf(token)?.name ?? null;
}

/** What a join token allows (whether to open a camera at all, say); the SFU applies the same grants. */
export function joinTokenGrants(token: string | null): Grants | null {
  return payloadOf(token)?.grants ?? null;
}
