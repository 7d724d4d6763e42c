import { linkKbps, type LinkBytes } from './linkShaper.js';
import type { MeasuredLoss } from './nftRules.js';
import { receivedQuality, sendQuality, totalReceivedKbps, type AudioQuality, type VideoQuality } from './quality.js';
import type { Load, NamedAudio, NamedVideo, RouteSummary, WindowResult } from './results.js';
import type { Route, Snapshot } from './snapshot.js';

/** One participant's snapshots over a window. */
export type PageSamples = { name: string; impaired: boolean; snapshots: Snapshot[] };

export type WindowSamples = {
  pages: PageSamples[];
  link: { before: LinkBytes; after: LinkBytes; loss: MeasuredLoss | undefined };
  load: Load;
};

/** Every peer id a participant had during the window (a rejoin gives it a new one) → its name. */
export function namesByPeerId(pages: readonly PageSamples[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const page of pages) {
    for (const snapshot of page.snapshots) if (snapshot.selfPeerId) names.set(snapshot.selfPeerId, page.name);
  }
  return names;
}

const named =
  (names: Map<string, string>) =>
  <T extends VideoQuality | AudioQuality>({ peerId, ...rest }: T): Omit<T, 'peerId'> & { from: string } => ({
    ...rest,
    from: (peerId === undefined ? undefined : names.get(peerId)) ?? 'unknown',
  });

/** "udp host → host", "tcp host → host", "udp relay (tls) → host". */
export function describeRoute(route: Route): string {
  const relay = route.local.relayProtocol === undefined ? '' : ` (${route.local.relayProtocol})`;
  return `${route.local.protocol} ${route.local.type}${relay} → ${route.remote.type}`;
}

/** The window's numbers from its samples (see results.ts for what each means). */
export function analyzeWindow(samples: WindowSamples): WindowResult {
  const impaired = samples.pages.find((page) => page.impaired);
  if (!impaired) throw new Error('no impaired participant among the samples');
  const names = namesByPeerId(samples.pages);
  const toName = named(names);
  const impairedIds = new Set(
    impaired.snapshots.flatMap((snapshot) => (snapshot.selfPeerId ? [snapshot.selfPeerId] : [])),
  );
  const received = receivedQuality(impaired.snapshots);
  const first = impaired.snapshots[0];
  const last = impaired.snapshots[impaired.snapshots.length - 1];
  const routes: RouteSummary[] = samples.pages.map((page) => ({
    participant: page.name,
    routes: (page.snapshots[page.snapshots.length - 1]?.routes ?? []).map(describeRoute),
  }));
  return {
    seconds: first && last ? (last.at - first.at) / 1000 : 0,
    received: {
      videos: received.videos.map(toName) satisfies NamedVideo[],
      audio: received.audio.map(toName) satisfies NamedAudio[],
      totalKbps: totalReceivedKbps(impaired.snapshots),
    },
    sent: sendQuality(impaired.snapshots),
    seenByOthers: samples.pages
      .filter((page) => !page.impaired)
      .map((page) => {
        const seen = receivedQuality(page.snapshots);
        const fromImpaired = <T extends { peerId: string | undefined }>(streams: T[]): T | undefined =>
          streams.find((stream) => stream.peerId !== undefined && impairedIds.has(stream.peerId));
        const video = fromImpaired(seen.videos);
        const audio = fromImpaired(seen.audio);
        return {
          viewer: page.name,
          ...(video ? { video: toName(video) } : {}),
          ...(audio ? { audio: toName(audio) } : {}),
        };
      }),
    routes,
    link: {
      ...linkKbps(samples.link.before, samples.link.after),
      ...(samples.link.loss === undefined ? {} : { loss: samples.link.loss }),
    },
    load: samples.load,
  };
}
