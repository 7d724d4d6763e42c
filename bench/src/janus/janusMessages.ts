import { z } from 'zod';

/** Janus's core API messages (https://janus.conf.meetecho.com/docs/rest.html), validated as they arrive. */

export const Jsep = z.object({ type: z.enum(['offer', 'answer']), sdp: z.string() });
export type Jsep = z.infer<typeof Jsep>;

export const PluginData = z.object({ plugin: z.string(), data: z.record(z.string(), z.unknown()) });

/** Reply to create / attach: the new session or handle id. */
export const IdReply = z.object({ janus: z.literal('success'), data: z.object({ id: z.number() }) });

/** Reply to a plugin message: either the plugin answered at once (success) or it will answer with an event (ack). */
export const MessageReply = z.discriminatedUnion('janus', [
  z.object({ janus: z.literal('success'), plugindata: PluginData }),
  z.object({ janus: z.literal('ack') }),
]);

/** Reply to requests that only confirm (detach, destroy, keepalive). */
export const PlainReply = z.object({ janus: z.enum(['success', 'ack']) });

export const ErrorReply = z.object({
  janus: z.literal('error'),
  error: z.object({ code: z.number(), reason: z.string() }),
});

/**
 * Something Janus pushes through the long poll. Only the fields the harness routes on are checked strictly;
 * the rest (media, slowlink, trickle …) is informative and passes through.
 */
export const JanusEvent = z.looseObject({
  janus: z.string(),
  sender: z.number().optional(),
  transaction: z.string().optional(),
  plugindata: PluginData.optional(),
  jsep: Jsep.optional(),
  reason: z.string().optional(),
});
export type JanusEvent = z.infer<typeof JanusEvent>;

/** A long poll returns one event (or a keepalive when nothing happened for 30 s), or an array with maxev > 1. */
export const PollReply = z.union([z.array(JanusEvent), JanusEvent]);
