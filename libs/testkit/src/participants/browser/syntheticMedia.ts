import { loadWrtc, type NonstandardApi } from './wrtc.js';

export type VideoFormat = { width: number; height: number; fps: number };

export const DEFAULT_VIDEO: VideoFormat = { width: 640, height: 360, fps: 15 };

/** A running synthetic source: its track, and `stop()` to end the timer and the track. */
export type SyntheticTrack = { track: MediaStreamTrack; stop(): void };

function running(track: MediaStreamTrack, timer: NodeJS.Timeout): SyntheticTrack {
  return {
    track,
    stop() {
      clearInterval(timer);
      track.stop();
    },
  };
}

/**
 * Moving video an encoder has to spend bits on: diagonal bars that scroll, plus a block of noise taken from a
 * precomputed buffer at a new offset each frame (cheap to make, expensive to compress, so bitrates are real).
 */
export function startSyntheticVideo(api: NonstandardApi, format: VideoFormat): SyntheticTrack {
  const { width, height, fps } = format;
  const source = new api.RTCVideoSource();
  const lumaSize = width * height;
  const frame = new Uint8Array(lumaSize * 1.5);
  frame.fill(128, lumaSize);
  const noise = new Uint8Array(lumaSize * 2);
  for (let index = 0; index < noise.length; index += 1) noise[index] = Math.floor(Math.random() * 256);
  const blockWidth = Math.floor(width / 3);
  const blockHeight = Math.floor(height / 3);
  let tick = 0;
  const timer = setInterval(() => {
    tick += 1;
    for (let y = 0; y < height; y += 1) {
      const row = y * width;
      for (let x = 0; x < width; x += 1) frame[row + x] = ((x + y + tick * 4) & 63) * 4;
    }
    const offset = (tick * 7919) % lumaSize;
    for (let y = 0; y < blockHeight; y += 1) {
      const start = offset + y * width;
      frame.set(noise.subarray(start, start + blockWidth), (y + blockHeight) * width + blockWidth);
    }
    source.onFrame({ width, height, data: frame });
  }, 1000 / fps);
  return running(source.createTrack(), timer);
}

/** A 440 Hz tone, 48 kHz mono, delivered in the 10 ms chunks libwebrtc expects. */
export function startSyntheticAudio(api: NonstandardApi): SyntheticTrack {
  const source = new api.RTCAudioSource();
  const sampleRate = 48_000;
  const samplesPerChunk = sampleRate / 100;
  const samples = new Int16Array(samplesPerChunk);
  let phase = 0;
  const timer = setInterval(() => {
    for (let index = 0; index < samplesPerChunk; index += 1) {
      samples[index] = Math.round(Math.sin(phase) * 8000);
      phase += (2 * Math.PI * 440) / sampleRate;
    }
    phase %= 2 * Math.PI;
    source.onData({ samples, sampleRate, bitsPerSample: 16, channelCount: 1, numberOfFrames: samplesPerChunk });
  }, 10);
  return running(source.createTrack(), timer);
}

/**
 * A synthetic track for the client SDK in Node (it installs libwebrtc for Node first): a 440 Hz tone, or moving
 * video of `format`. What getUserMedia's track is in a browser; `stop()` ends it.
 */
export function syntheticTrack(kind: 'audio' | 'video', format: VideoFormat = DEFAULT_VIDEO): SyntheticTrack {
  const api = loadWrtc().nonstandard;
  return kind === 'audio' ? startSyntheticAudio(api) : startSyntheticVideo(api, format);
}
