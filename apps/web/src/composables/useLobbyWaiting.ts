import { onScopeDispose, ref, type Ref } from 'vue';
import type { RoomSession } from '../sfu/index.js';

/** True while our join waits in the room's lobby: from `lobbyWaiting` until the join completes or fails. */
export function useLobbyWaiting(session: RoomSession): Ref<boolean> {
  const waiting = ref(false);
  const unsubscribe = [
    session.on('lobbyWaiting', () => {
      waiting.value = true;
    }),
    session.on('connectionStateChanged', (state) => {
      if (state !== 'connecting') waiting.value = false;
    }),
    session.on('closed', () => {
      waiting.value = false;
    }),
  ];
  onScopeDispose(() => {
    for (const stop of unsubscribe) stop();
  });
  return waiting;
}
