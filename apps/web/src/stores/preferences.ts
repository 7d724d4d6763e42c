import { defineStore } from 'pinia';
import { ref, watch, type Ref } from 'vue';
import { suggestName } from '../meeting/names.js';

function read(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

function persisted(key: string, initial: string | null): Ref<string | null> {
  const value = ref<string | null>(read(key) ?? initial);
  watch(value, (next) => {
    try {
      if (next === null) localStorage.removeItem(key);
      else localStorage.setItem(key, next);
    } catch {
      // Storage can be disabled (private mode): the preference then lasts for this page only.
    }
  });
  return value;
}

/** What this browser remembers between meetings: the display name and the chosen devices (speaker too). */
export const usePreferencesStore = defineStore('preferences', () => {
  /** The name used last; null on a first visit. */
  const displayName = persisted('huddle.displayName', null);
  const cameraId = persisted('huddle.cameraId', null);
  const micId = persisted('huddle.micId', null);
  /** Where remote sound plays (setSinkId); null: the system's default output. */
  const speakerId = persisted('huddle.speakerId', null);
  /** A unique-looking suggestion for a first visit. */
  const suggestedName = ref(suggestName());

  return { displayName, cameraId, micId, speakerId, suggestedName };
});
