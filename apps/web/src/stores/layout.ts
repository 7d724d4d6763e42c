import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { LayoutMode } from '../meeting/tiles.js';

export type Panel = 'chat' | 'people' | 'settings';

/** How this person arranged the meeting: layout, pinned tile, page, open side panel, chat recipient. */
export const useLayoutStore = defineStore('layout', () => {
  const mode = ref<LayoutMode>('auto');
  const pinnedKey = ref<string | null>(null);
  const page = ref(0);
  const panel = ref<Panel | null>(null);
  /** A private chat's recipient, or null for everyone. */
  const chatRecipient = ref<string | null>(null);

  function togglePin(key: string): void {
    pinnedKey.value = pinnedKey.value === key ? null : key;
    if (pinnedKey.value !== null && mode.value === 'grid') mode.value = 'auto';
  }

  function togglePanel(which: Panel): void {
    panel.value = panel.value === which ? null : which;
  }

  function chatWith(peerId: string | null): void {
    chatRecipient.value = peerId;
    panel.value = 'chat';
  }

  function reset(): void {
    mode.value = 'auto';
    pinnedKey.value = null;
    page.value = 0;
    panel.value = null;
    chatRecipient.value = null;
  }

  return { mode, pinnedKey, page, panel, chatRecipient, togglePin, togglePanel, chatWith, reset };
});
