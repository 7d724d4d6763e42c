import type { ChatMessage } from '@huddle/shared';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';

export type SystemLine = { id: number; text: string; afterSeq: number };
export type ChatLine =
  { kind: 'message'; key: string; message: ChatMessage } | { kind: 'system'; key: string; line: SystemLine };

/**
 * The chat sidebar's content: messages (ordered by the server's seq, deduplicated, so history and live messages
 * merge in any order), system lines ("Ann joined") placed after the message that preceded them, and the unread count.
 */
export const useChatStore = defineStore('chat', () => {
  const messages = ref<ChatMessage[]>([]);
  const system = ref<SystemLine[]>([]);
  const unread = ref(0);
  const hasMore = ref(false);
  let nextSystemId = 0;

  const latestSeq = computed(() => messages.value.at(-1)?.seq ?? -1);

  const lines = computed<ChatLine[]>(() => {
    const entries: Array<{ anchor: number; line: ChatLine }> = [
      ...messages.value.map((message) => ({
        anchor: message.seq,
        line: { kind: 'message' as const, key: `m${message.messageId}`, message },
      })),
      ...system.value.map((line) => ({
        anchor: line.afterSeq + 0.5,
        line: { kind: 'system' as const, key: `s${line.id}`, line },
      })),
    ];
    // Stable: system lines with the same anchor keep the order they happened in.
    return entries.sort((a, b) => a.anchor - b.anchor).map((entry) => entry.line);
  });

  /** Adds messages not seen yet; returns how many were new. */
  function addMessages(incoming: readonly ChatMessage[]): number {
    const known = new Set(messages.value.map((message) => message.messageId));
    const fresh = incoming.filter((message) => !known.has(message.messageId));
    if (fresh.length > 0) messages.value = [...messages.value, ...fresh].sort((a, b) => a.seq - b.seq);
    return fresh.length;
  }

  function addSystem(text: string): void {
    system.value = [...system.value, { id: nextSystemId++, text, afterSeq: latestSeq.value }];
  }

  function markUnread(count: number): void {
    unread.value += count;
  }

  function markRead(): void {
    unread.value = 0;
  }

  function reset(): void {
    messages.value = [];
    system.value = [];
    unread.value = 0;
    hasMore.value = false;
  }

  return { messages, system, unread, hasMore, lines, addMessages, addSystem, markUnread, markRead, reset };
});
