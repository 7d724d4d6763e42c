import type { types } from 'mediasoup';
import { z } from 'zod';
import type { LayerCosts } from './plan.js';

const statSchema = z.object({
  type: z.string(),
  ssrc: z.number(),
  rid: z.string().optional(),
  bitrate: z.number(),
  bitrateByLayer: z.record(z.string(), z.number()).optional(),
});
type Stat = z.infer<typeof statSchema>;

/**
 * Costs when the publisher's own numbers are not known yet (a new producer), in bit/s: our camera ladder
 * (180p ≤ 150 kbit/s, 360p ≤ 450 kbit/s, 720p ≤ 1.5 Mbit/s at 30 fps; see libs/client publishing settings),
 * with temporal layers at 7.5, 15 and 30 fps costing about 40 %, 65 % and 100 %.
 */
const NOMINAL_TOP = [150_000, 450_000, 1_500_000];
const TEMPORAL_SHARE = [0.4, 0.65, 1];

export function nominalCosts(spatialLayers: number, temporalLayers: number): LayerCosts {
  return Array.from({ length: spatialLayers }, (_, spatial) =>
    Array.from({ length: temporalLayers }, (_, temporal) =>
      Math.round(
        (NOMINAL_TOP[Math.min(spatial, NOMINAL_TOP.length - 1)] ?? 1_500_000) *
          (TEMPORAL_SHARE[Math.min(temporal, 2)] ?? 1),
      ),
    ),
  );
}

/** How many temporal layers the producer's scalability mode declares (`L1T3` → 3); 1 if none. */
function temporalLayersOf(encoding: types.RtpEncodingParameters | undefined): number {
  const match = /T(\d)/.exec(encoding?.scalabilityMode ?? '');
  return match?.[1] === undefined ? 1 : Number(match[1]);
}

function spatialLayersOf(encoding: types.RtpEncodingParameters | undefined): number {
  const match = /^L(\d)/.exec(encoding?.scalabilityMode ?? '');
  return match?.[1] === undefined ? 1 : Number(match[1]);
}

/**
 * The layers a producer sends and their costs, from its RTP statistics (`bitrateByLayer`, cumulative over temporal
 * layers): one spatial layer per simulcast encoding, or several inside one SVC stream (where a spatial layer also
 * needs the ones below it).
 */
export function measuredCosts(producer: types.Producer, rawStats: readonly unknown[]): LayerCosts {
  const stats = rawStats.flatMap((raw) => {
    const parsed = statSchema.safeParse(raw);
    return parsed.success && parsed.data.type === 'inbound-rtp' ? [parsed.data] : [];
  });
  const encodings = producer.rtpParameters.encodings ?? [];
  const first = encodings[0];
  if (encodings.length === 1 && spatialLayersOf(first) > 1)
    return svcCosts(stats[0], spatialLayersOf(first), temporalLayersOf(first));
  return encodings.map((encoding) => {
    const stat = stats.find((entry) =>
      encoding.rid !== undefined ? entry.rid === encoding.rid : entry.ssrc === encoding.ssrc,
    );
    const temporalLayers = temporalLayersOf(encoding);
    return Array.from({ length: temporalLayers }, (_, temporal) =>
      temporalLayers === 1 ? (stat?.bitrate ?? 0) : (stat?.bitrateByLayer?.[`0.${temporal}`] ?? 0),
    );
  });
}

function svcCosts(stat: Stat | undefined, spatialLayers: number, temporalLayers: number): LayerCosts {
  const layer = (spatial: number, temporal: number): number => stat?.bitrateByLayer?.[`${spatial}.${temporal}`] ?? 0;
  return Array.from({ length: spatialLayers }, (_, spatial) =>
    Array.from({ length: temporalLayers }, (_, temporal) => {
      if (layer(spatial, temporal) === 0) return 0;
      let total = 0;
      for (let below = 0; below <= spatial; below += 1) total += layer(below, temporal);
      return total;
    }),
  );
}

/** Measured costs where the publisher sends, nominal ones until it has sent anything. */
export function costsOf(producer: types.Producer, measured: LayerCosts | undefined): LayerCosts {
  if (measured && measured.some((row) => row.some((value) => value > 0))) return measured;
  const encodings = producer.rtpParameters.encodings ?? [];
  const first = encodings[0];
  const spatial = encodings.length > 1 ? encodings.length : spatialLayersOf(first);
  return nominalCosts(spatial, temporalLayersOf(first));
}
