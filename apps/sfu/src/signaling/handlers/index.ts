import type { Handlers } from '../context.js';
import { chatHandlers } from './chat.js';
import { consumerHandlers } from './consumer.js';
import { moderationHandlers } from './moderation.js';
import { presenceHandlers } from './presence.js';
import { producerHandlers } from './producer.js';
import { recordingHandlers } from './recording.js';
import { sessionHandlers } from './session.js';
import { transportHandlers } from './transport.js';

/** Every protocol method has exactly one handler; the type fails to compile if one is missing. */
export const handlers: Handlers = {
  ...sessionHandlers,
  ...transportHandlers,
  ...producerHandlers,
  ...consumerHandlers,
  ...chatHandlers,
  ...presenceHandlers,
  ...moderationHandlers,
  ...recordingHandlers,
};
