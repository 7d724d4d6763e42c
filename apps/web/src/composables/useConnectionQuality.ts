import { linkSample, type ConsumerSample, type LinkSample, type LinkStats, type RoomSession } from '@huddle/client';
import { onScopeDispose } from 'vue';
import { describeLink, peerLinkQuality, selfLinkQuality, settledQuality, type Quality } from '../meeting/quality.js';
import { useMeetingStore, type LinkRating } from '../stores/meeting.js';

/** How often the transports' statistics are read; how many poor intervals in a row raise the hint, how many good ones clear it. */
const INTERVAL_MS = 2_000;
const POOR_AFTER = 2;
const CLEAR_AFTER = 3;

/**
 * Rates the connection from WebRTC statistics every 2 s — bitrate, loss both ways, round trip, frame rate —
 * for us and for every remote participant (as their media reaches us), into `meeting.links`; the tiles' signal
 * bars show the worse of that and the SFU's scores. A rating holds only once two readings agree (settledQuality),
 * and a video counts as stalled only after it should have flowed for two readings: a join's first seconds and a
 * resumed video's key frame wait flash nothing. When our own link stays poor, `meeting.poorConnection` raises the
 * "your connection is poor" hint.
 */
export function useConnectionQuality(session: RoomSession) {
  const meeting = useMeetingStore();
  let previous: LinkStats | undefined;
  /** Videos that should have flowed at the last two readings: only those count as stalled without packets. */
  let flowingBefore: Array<Set<string>> = [];
  /** Per peer (ours too), the raw ratings of the last two readings (see settledQuality). */
  let history = new Map<string, Quality[]>();
  let poorStreak = 0;
  let fineStreak = 0;
  let reading = false;

  /** Remote videos we receive now: on screen, not held by the SFU, not paused by their sender. */
  function flowingNow(): Set<string> {
    const flowing = new Set<string>();
    for (const track of meeting.tracks) {
      if (track.kind !== 'video' || meeting.receiving[track.consumerId]?.paused !== false) continue;
      if (meeting.suspended[track.consumerId]) continue;
      const peer = meeting.peers.find((entry) => entry.peerId === track.peerId);
      if (peer?.producers.some((producer) => producer.producerId === track.producerId && producer.paused)) continue;
      flowing.add(track.consumerId);
    }
    return flowing;
  }

  function peerRating(consumers: ConsumerSample[], flowing: ReadonlySet<string>): LinkRating {
    const received = consumers.reduce((sum, entry) => sum + entry.packetsReceived, 0);
    const lost = consumers.reduce((sum, entry) => sum + entry.packetsLost, 0);
    const camera = consumers.find((entry) => entry.source === 'camera' && flowing.has(entry.consumerId));
    const details = describeLink({
      bitrate: consumers.reduce((sum, entry) => sum + entry.bitrate, 0),
      loss: received + lost === 0 ? null : lost / (received + lost),
      rttMs: null,
      fps: camera?.fps ?? null,
    });
    return { quality: peerLinkQuality(consumers, flowing), details };
  }

  function selfRating(sample: LinkSample): LinkRating {
    const sendingVideo = meeting.publications.some(
      (entry) => (entry.source === 'camera' || entry.source === 'screen') && !entry.paused,
    );
    const bandwidthSuspended = Object.values(meeting.suspended).filter((reason) => reason === 'bandwidth').length;
    const losses = [sample.uplinkLoss, sample.downlinkLoss].filter((loss) => loss !== null);
    const figures = describeLink({
      bitrate: sample.sendBitrate,
      loss: losses.length === 0 ? null : Math.max(...losses),
      rttMs: sample.rttMs,
      fps: null,
    });
    return {
      quality: selfLinkQuality(sample, { sendingVideo, bandwidthSuspended }),
      details: sample.relayed ? `${figures} · via TURN relay` : figures,
    };
  }

  function rate(sample: LinkSample, flowing: ReadonlySet<string>): void {
    const byPeer = new Map<string, ConsumerSample[]>();
    for (const consumer of sample.consumers)
      byPeer.set(consumer.peerId, [...(byPeer.get(consumer.peerId) ?? []), consumer]);
    const raw: Record<string, LinkRating> = {};
    for (const [peerId, consumers] of byPeer) raw[peerId] = peerRating(consumers, flowing);
    const selfId = meeting.self?.peerId;
    if (selfId) raw[selfId] = selfRating(sample);
    const links: Record<string, LinkRating> = {};
    const recent = new Map<string, Quality[]>();
    for (const [peerId, rating] of Object.entries(raw)) {
      const readings = [...(history.get(peerId) ?? []), rating.quality].slice(-2);
      recent.set(peerId, readings);
      links[peerId] = { quality: settledQuality(readings), details: rating.details };
    }
    history = recent;
    meeting.links = links;
    const own = selfId ? meeting.qualityByPeer[selfId] : undefined;
    poorStreak = own === 'poor' ? poorStreak + 1 : 0;
    fineStreak = own === 'poor' ? 0 : fineStreak + 1;
    if (poorStreak >= POOR_AFTER) meeting.poorConnection = true;
    if (fineStreak >= CLEAR_AFTER) meeting.poorConnection = false;
  }

  async function read(): Promise<void> {
    if (reading) return;
    if (session.state !== 'connected') {
      previous = undefined;
      flowingBefore = [];
      return;
    }
    reading = true;
    try {
      const current = await session.getLinkStats();
      const flowing = flowingNow();
      if (previous && current) {
        const steady = [...flowing].filter(
          (id) => flowingBefore.length === 2 && flowingBefore.every((set) => set.has(id)),
        );
        rate(linkSample(previous, current), new Set(steady));
      }
      previous = current;
      flowingBefore = [...flowingBefore, flowing].slice(-2);
    } catch {
      // The media went away meanwhile (a rejoin): start over with the next reading.
      previous = undefined;
      flowingBefore = [];
    } finally {
      reading = false;
    }
  }

  const timer = setInterval(() => void read(), INTERVAL_MS);
  onScopeDispose(() => clearInterval(timer));
}
