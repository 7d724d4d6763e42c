import { onScopeDispose } from 'vue';

/** Runs `task` now and then every `intervalMs` (never overlapping) until the scope ends. */
export function usePolling(task: () => Promise<void>, intervalMs: number): { refresh: () => Promise<void> } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let running: Promise<void> | null = null;

  const refresh = async (): Promise<void> => {
    if (running) return running;
    clearTimeout(timer);
    running = task().finally(() => {
      running = null;
      if (!stopped) timer = setTimeout(() => void refresh(), intervalMs);
    });
    return running;
  };

  void refresh();
  onScopeDispose(() => {
    stopped = true;
    clearTimeout(timer);
  });
  return { refresh };
}
