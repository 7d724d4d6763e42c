import { serverEventSchema, type ServerEvent } from '@huddle/shared';
import { onScopeDispose } from 'vue';
import { eventsUrl } from '../api/http.js';
import { useAdminStore } from '../stores/admin.js';

const EVENT_TYPES: ReadonlyArray<ServerEvent['type']> = [
  'stats',
  'roomStarted',
  'roomEnded',
  'participantJoined',
  'participantLeft',
  'lobbyChanged',
];

/** Follows `GET /api/v1/events` (Server-Sent Events) into the admin store until the scope ends. */
export function useServerEvents(): void {
  const admin = useAdminStore();
  const source = new EventSource(eventsUrl(), { withCredentials: true });
  admin.live = 'connecting';

  const onMessage = (message: MessageEvent<unknown>): void => {
    if (typeof message.data !== 'string') return;
    let data: unknown;
    try {
      data = JSON.parse(message.data);
    } catch {
      return;
    }
    const event = serverEventSchema.safeParse(data);
    if (event.success) admin.applyEvent(event.data);
  };
  source.addEventListener('open', () => {
    admin.live = 'open';
  });
  source.addEventListener('error', () => {
    admin.live = 'retrying';
  });
  for (const type of EVENT_TYPES) source.addEventListener(type, onMessage);

  onScopeDispose(() => source.close());
}
