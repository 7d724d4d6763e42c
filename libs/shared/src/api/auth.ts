import { z } from 'zod';
import { displayNameSchema, idSchema, roomIdSchema } from '../protocol/entities.js';

export const loginRequestSchema = z.strictObject({
  username: z.string().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof loginRequestSchema>;

/** The session token is also set as an httpOnly cookie; send it back as `Authorization: Bearer` or the cookie. */
export const loginResponseSchema = z.object({ token: z.string(), username: z.string(), expiresAt: z.number().int() });
export type LoginResponse = z.infer<typeof loginResponseSchema>;

export const principalResponseSchema = z.object({
  kind: z.enum(['admin', 'apiKey']),
  name: z.string(),
});
export type PrincipalResponse = z.infer<typeof principalResponseSchema>;

/** What a join token allows its holder in the room it names. */
export const grantsSchema = z.strictObject({
  publish: z.boolean(),
  subscribe: z.boolean(),
  screen: z.boolean(),
  chat: z.boolean(),
  moderate: z.boolean(),
  /** Start and stop the room's recording from the meeting (`startRecording`, `stopRecording`). */
  record: z.boolean().default(false),
});
export type Grants = z.infer<typeof grantsSchema>;
export type Grant = keyof Grants;

export const mintTokenRequestSchema = z.strictObject({
  identity: z.string().trim().min(1).max(128),
  name: displayNameSchema,
  ttlSeconds: z.number().int().min(60).max(2_592_000).default(3600),
  grants: grantsSchema
    .partial()
    .default({})
    .transform((given): Grants => ({
      publish: given.publish ?? true,
      subscribe: given.subscribe ?? true,
      screen: given.screen ?? true,
      chat: given.chat ?? true,
      moderate: given.moderate ?? false,
      record: given.record ?? false,
    })),
});
export type MintTokenRequest = z.infer<typeof mintTokenRequestSchema>;

export const mintTokenResponseSchema = z.object({
  token: z.string(),
  room: roomIdSchema,
  expiresAt: z.number().int(),
  grants: grantsSchema,
});
export type MintTokenResponse = z.infer<typeof mintTokenResponseSchema>;

export const createApiKeyRequestSchema = z.strictObject({ name: z.string().trim().min(1).max(100) });

export const apiKeySchema = z.object({
  id: idSchema,
  name: z.string(),
  createdAt: z.number().int(),
  lastUsedAt: z.number().int().nullable(),
  revokedAt: z.number().int().nullable(),
});
export type ApiKey = z.infer<typeof apiKeySchema>;

/** `key` is shown once, here; only its hash is kept. */
export const createApiKeyResponseSchema = apiKeySchema.extend({ key: z.string() });
export type CreateApiKeyResponse = z.infer<typeof createApiKeyResponseSchema>;
export const apiKeyListResponseSchema = z.object({ apiKeys: z.array(apiKeySchema) });
export const apiKeyParamsSchema = z.object({ id: idSchema });

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.number().int(),
  actor: z.string(),
  action: z.string(),
  target: z.string(),
  details: z.unknown().optional(),
});
export type AuditEntry = z.infer<typeof auditEntrySchema>;

export const auditQuerySchema = z.object({
  beforeId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export const auditResponseSchema = z.object({ entries: z.array(auditEntrySchema), hasMore: z.boolean() });
