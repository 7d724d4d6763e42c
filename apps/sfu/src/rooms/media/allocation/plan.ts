/**
 * Bits per second it costs to receive a video up to a layer: `costs[spatial][temporal]`, cumulative over the
 * temporal layers (receiving temporal layer 2 means receiving 0, 1 and 2). A layer the publisher does not send
 * (yet) is missing or 0.
 */
export type LayerCosts = readonly (readonly number[])[];

/** How the allocator ranks a video: lower first. Screen shares, then pinned tiles and the active speaker, then the rest. */
export const RANK = { screen: 0, focus: 1, other: 2 } as const;
export type Rank = (typeof RANK)[keyof typeof RANK];

export type VideoDemand = {
  consumerId: string;
  /** Camera video keeps its frame rate (a lower spatial layer first); a screen share keeps its resolution. */
  content: 'camera' | 'screen';
  rank: Rank;
  /** The highest spatial layer the subscriber asked for (its tile size): an upper bound, never exceeded. */
  maxSpatial: number;
  costs: LayerCosts;
};

export type Layers = { spatialLayer: number; temporalLayer: number };
/** Per consumer: the layers to forward at most, or `suspended` when not even its lowest layer fits. */
export type Choice = Layers | 'suspended';

const available = (costs: LayerCosts, { spatialLayer, temporalLayer }: Layers): boolean =>
  (costs[spatialLayer]?.[temporalLayer] ?? 0) > 0;

const cost = (costs: LayerCosts, { spatialLayer, temporalLayer }: Layers): number =>
  costs[spatialLayer]?.[temporalLayer] ?? 0;

/**
 * A video's options from best to worst. Camera: every spatial layer at its full frame rate, highest first, and
 * only below the lowest spatial layer does the frame rate drop. Screen share: the highest resolution at every
 * frame rate first (text stays sharp), then lower resolutions.
 */
export function ladder(demand: VideoDemand): Layers[] {
  const spatialLayers = Math.min(demand.maxSpatial, demand.costs.length - 1);
  const options: Layers[] = [];
  const temporalOf = (spatial: number): number => (demand.costs[spatial]?.length ?? 1) - 1;
  if (demand.content === 'camera') {
    for (let spatial = spatialLayers; spatial >= 0; spatial -= 1) {
      options.push({ spatialLayer: spatial, temporalLayer: temporalOf(spatial) });
    }
    for (let temporal = temporalOf(0) - 1; temporal >= 0; temporal -= 1) {
      options.push({ spatialLayer: 0, temporalLayer: temporal });
    }
  } else {
    for (let spatial = spatialLayers; spatial >= 0; spatial -= 1) {
      for (let temporal = temporalOf(spatial); temporal >= 0; temporal -= 1) {
        options.push({ spatialLayer: spatial, temporalLayer: temporal });
      }
    }
  }
  return options.filter((option) => available(demand.costs, option));
}

type Entry = { demand: VideoDemand; options: Layers[]; index: number };

const costAt = (entry: Entry, index: number): number => {
  const option = entry.options[index];
  return option ? cost(entry.demand.costs, option) : 0;
};

/**
 * Shares `budget` bit/s among a subscriber's videos. Everyone first gets its worst option; if even that does not
 * fit, the least important videos are suspended until it does. Then, rank by rank, videos climb their ladders
 * one step at a time in turns (fair within a rank) while the next step fits.
 */
export function allocate(budget: number, demands: readonly VideoDemand[]): Map<string, Choice> {
  const choices = new Map<string, Choice>();
  const active: Entry[] = [];
  for (const demand of [...demands].sort((a, b) => a.rank - b.rank)) {
    const options = ladder(demand);
    if (options.length === 0) choices.set(demand.consumerId, 'suspended');
    else active.push({ demand, options, index: options.length - 1 });
  }
  let spent = active.reduce((total, entry) => total + costAt(entry, entry.index), 0);
  while (spent > budget) {
    const dropped = active.pop();
    if (!dropped) break;
    choices.set(dropped.demand.consumerId, 'suspended');
    spent -= costAt(dropped, dropped.index);
  }
  for (const rank of [RANK.screen, RANK.focus, RANK.other]) {
    const group = active.filter((entry) => entry.demand.rank === rank);
    let climbed = true;
    while (climbed) {
      climbed = false;
      for (const entry of group) {
        if (entry.index === 0) continue;
        const step = costAt(entry, entry.index - 1) - costAt(entry, entry.index);
        if (spent + step > budget) continue;
        spent += step;
        entry.index -= 1;
        climbed = true;
      }
    }
  }
  for (const entry of active) {
    const option = entry.options[entry.index];
    if (option) choices.set(entry.demand.consumerId, option);
  }
  return choices;
}
