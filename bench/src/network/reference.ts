import { progress } from '../progress.js';
import { REMOTES, type NetworkCall } from './call.js';
import { receivedQuality, sendQuality } from './quality.js';
import { layerReference, rampedUp, videoTicks, type LayerReference } from './recovery.js';
import type { NetworkBenchResults } from './results.js';
import type { Timing } from './runScenario.js';
import { samplePages, sampleWindow } from './sampler.js';

const REFERENCE_MS = 8_000;

/**
 * The call unimpaired, before any scenario, once its layers have stopped growing: each remote video's layers at
 * the impaired participant (what "back to full layers" compares with) and what each camera sends.
 */
export async function measureReference(
  call: NetworkCall,
  timing: Timing,
): Promise<{ layers: LayerReference; result: NetworkBenchResults['reference'] }> {
  const rampStart = Date.now();
  const [ramp] = await samplePages([{ page: call.impaired, impaired: true }], timing.rampMaxMs, ([page]) =>
    rampedUp(videoTicks(page?.snapshots ?? []), timing.rampQuietMs),
  );
  const rampSeconds = (Date.now() - rampStart) / 1000;
  progress('ramp-up', {
    seconds: rampSeconds.toFixed(0),
    settled: rampedUp(videoTicks(ramp?.snapshots ?? []), timing.rampQuietMs),
  });
  const samples = await sampleWindow(call, REFERENCE_MS);
  const impaired = samples.pages.find((page) => page.impaired)?.snapshots ?? [];
  const layers = layerReference(videoTicks(impaired));
  if (layers.size < REMOTES) {
    throw new Error(`only ${layers.size} of ${REMOTES} remote videos decode at ${call.impaired.name} unimpaired`);
  }
  const names = new Map(
    samples.pages.flatMap((page) =>
      page.snapshots.flatMap((snapshot) => (snapshot.selfPeerId ? [[snapshot.selfPeerId, page.name] as const] : [])),
    ),
  );
  const requested = new Map(receivedQuality(impaired).videos.map((video) => [video.peerId, video.requestedLayer]));
  const videos = [...layers].map(([peerId, { width, fps }]) => ({
    from: names.get(peerId) ?? 'unknown',
    width,
    fps,
    requestedLayer: requested.get(peerId),
  }));
  const senders = samples.pages.map((page) => ({ participant: page.name, sent: sendQuality(page.snapshots) }));
  progress('reference', {
    videos: videos.map((video) => `${video.from}:${video.width}px@${video.fps.toFixed(1)}fps`).join(','),
    layers: senders
      .map((sender) => `${sender.participant}:${sender.sent.layers.map((layer) => layer.width).join('/')}`)
      .join(','),
  });
  return { layers, result: { rampUpSeconds: rampSeconds, videos, senders } };
}
