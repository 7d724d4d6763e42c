import type { Reaction } from '@huddle/shared';
import { defineStore } from 'pinia';
import { ref } from 'vue';

export type ShownReaction = { id: number; peerId: string; reaction: Reaction };

/** How long a reaction floats over its sender's tile. */
const REACTION_MS = 4000;

/** Reactions on screen right now; each disappears by itself. */
export const useReactionsStore = defineStore('reactions', () => {
  const shown = ref<ShownReaction[]>([]);
  let nextId = 0;

  function show(peerId: string, reaction: Reaction): void {
    const id = nextId++;
    shown.value = [...shown.value, { id, peerId, reaction }];
    setTimeout(() => {
      shown.value = shown.value.filter((entry) => entry.id !== id);
    }, REACTION_MS);
  }

  return { shown, show };
});
