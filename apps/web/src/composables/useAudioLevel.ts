import { onScopeDispose, ref, watch, type Ref } from 'vue';

/** A live 0–1 loudness of an audio track (for a mic meter), updated every animation frame. */
export function useAudioLevel(track: Readonly<Ref<MediaStreamTrack | null>>): Ref<number> {
  const level = ref(0);
  let stop: (() => void) | undefined;

  function measure(audio: MediaStreamTrack): () => void {
    const context = new AudioContext();
    const source = context.createMediaStreamSource(new MediaStream([audio]));
    const analyser = context.createAnalyser();
    analyser.fftSize = 512;
    source.connect(analyser);
    const samples = new Float32Array(analyser.fftSize);
    let frame = 0;
    const tick = (): void => {
      analyser.getFloatTimeDomainData(samples);
      let sum = 0;
      for (const sample of samples) sum += sample * sample;
      const rms = Math.sqrt(sum / samples.length);
      // Speech sits around 0.02–0.2 RMS; stretch that range over the meter, easing the fall.
      level.value = Math.max(Math.min(rms * 5, 1), level.value * 0.85);
      frame = requestAnimationFrame(tick);
    };
    void context.resume();
    tick();
    return () => {
      cancelAnimationFrame(frame);
      source.disconnect();
      void context.close();
      level.value = 0;
    };
  }

  watch(
    track,
    (audio) => {
      stop?.();
      stop = audio ? measure(audio) : undefined;
    },
    { immediate: true },
  );
  onScopeDispose(() => stop?.());
  return level;
}
