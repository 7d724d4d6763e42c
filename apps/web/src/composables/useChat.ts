import { chatTextSchema } from '@huddle/shared';
import { onScopeDispose, ref, watch } from 'vue';
import { actionErrorMessage, validationMessage } from '../meeting/humanErrors.js';
import type { RoomSession } from '@huddle/client';
import { useChatStore } from '../stores/chat.js';
import { useLayoutStore } from '../stores/layout.js';

/** Messages per history page. */
const HISTORY_PAGE = 50;

/**
 * The chat: live messages, history (fetched on every (re)connection, so a late joiner sees what was said and a
 * reconnect fills any gap), system lines for joins and departures, and the unread count while the panel is closed.
 */
export function useChat(session: RoomSession) {
  const chat = useChatStore();
  const layout = useLayoutStore();
  /** Why the last message could not be sent, until the next attempt. */
  const sendError = ref<string | null>(null);
  chat.reset();

  const isOpen = (): boolean => layout.panel === 'chat';

  async function loadLatest(): Promise<void> {
    const { messages, hasMore } = await session.chatHistory(HISTORY_PAGE);
    if (chat.messages.length === 0) chat.hasMore = hasMore;
    chat.addMessages(messages);
  }

  async function loadOlder(): Promise<void> {
    const oldest = chat.messages[0];
    if (!oldest) return;
    const { messages, hasMore } = await session.chatHistory(HISTORY_PAGE, oldest.seq);
    chat.hasMore = hasMore;
    chat.addMessages(messages);
  }

  /** Sends to everyone (`to` null) or privately; resolves true once the server has it. */
  async function send(text: string, to: string | null): Promise<boolean> {
    const checked = chatTextSchema.safeParse(text);
    if (!checked.success) {
      sendError.value = validationMessage(checked.error.issues[0]?.message ?? '');
      return false;
    }
    sendError.value = null;
    try {
      chat.addMessages([await session.sendChat(checked.data, to ?? undefined)]);
      return true;
    } catch (error) {
      sendError.value = actionErrorMessage(error);
      return false;
    }
  }

  const unsubscribe = [
    session.notifications.on('chatReceived', ({ message }) => {
      const fresh = chat.addMessages([message]);
      if (fresh > 0 && !session.isOwnPeerId(message.fromPeerId) && !isOpen()) chat.markUnread(fresh);
    }),
    session.on('connectionStateChanged', (state) => {
      if (state === 'connected') loadLatest().catch(reportError);
    }),
    // Joins and departures while connected: the initial list and a rejoin's churn are not news. In a webinar the
    // list is the stage: a viewer brought on it "joins" it, one taken off "leaves" it.
    session.on('peerJoined', (peer) => {
      if (session.state !== 'connected') return;
      chat.addSystem(session.mode === 'webinar' ? `${peer.displayName} is on stage` : `${peer.displayName} joined`);
    }),
    session.on('peerLeft', (peer) => {
      if (session.state !== 'connected') return;
      chat.addSystem(session.mode === 'webinar' ? `${peer.displayName} left the stage` : `${peer.displayName} left`);
    }),
  ];
  watch(isOpen, (open) => {
    if (open) chat.markRead();
  });
  onScopeDispose(() => {
    for (const stop of unsubscribe) stop();
  });

  return { sendError, send, loadOlder };
}

export type ChatActions = ReturnType<typeof useChat>;
