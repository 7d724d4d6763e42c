import { defineStore } from 'pinia';
import { ref } from 'vue';

export type Notice = { id: number; text: string; tone: 'info' | 'error' };

const NOTICE_MS = 6000;

/** Short messages in the corner ("Ann lowered your hand", "Camera access is blocked…"); each fades by itself. */
export const useNoticesStore = defineStore('notices', () => {
  const notices = ref<Notice[]>([]);
  let nextId = 0;

  function dismiss(id: number): void {
    notices.value = notices.value.filter((notice) => notice.id !== id);
  }

  function push(text: string, tone: Notice['tone'] = 'info'): void {
    if (notices.value.some((notice) => notice.text === text)) return;
    const id = nextId++;
    notices.value = [...notices.value.slice(-3), { id, text, tone }];
    setTimeout(() => dismiss(id), NOTICE_MS);
  }

  return { notices, push, dismiss };
});
