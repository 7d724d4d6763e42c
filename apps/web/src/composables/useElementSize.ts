import { onScopeDispose, ref, watch, type Ref } from 'vue';

/** An element's content-box size, kept current with a ResizeObserver. */
export function useElementSize(element: Readonly<Ref<HTMLElement | null>>) {
  const width = ref(0);
  const height = ref(0);
  const observer = new ResizeObserver(([entry]) => {
    if (!entry) return;
    width.value = entry.contentRect.width;
    height.value = entry.contentRect.height;
  });
  watch(
    element,
    (next, previous) => {
      if (previous) observer.unobserve(previous);
      if (next) observer.observe(next);
    },
    { immediate: true },
  );
  onScopeDispose(() => observer.disconnect());
  return { width, height };
}
