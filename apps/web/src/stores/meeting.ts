import type { MediaKind, MediaSource, PeerInfo } from '@huddle/shared';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { localMediaState, remoteParticipant, type MediaState, type Participant } from '../meeting/participants.js';
import { qualityFromScores, type Quality } from '../meeting/quality.js';
import type { CloseReason, ConnectionState, SelfPeer } from '../sfu/index.js';

/** A remote track, as data: the track itself stays with the composables. */
export type TrackInfo = {
  consumerId: string;
  producerId: string;
  peerId: string;
  source: MediaSource;
  kind: MediaKind;
  /** Has spatial layers to choose from. */
  simulcast: boolean;
};

/** What this page asked the SFU for one remote video: paused while off screen, and which spatial layer. */
export type Receiving = { paused: boolean; requestedLayer: number | null; currentLayer: number | null };

function without<T>(record: Readonly<Record<string, T>>, key: string | undefined): Record<string, T> {
  return Object.fromEntries(Object.entries(record).filter(([entry]) => entry !== key));
}

/** The meeting as the UI shows it: connection, participants, their media and indicators. Serializable only. */
export const useMeetingStore = defineStore('meeting', () => {
  const roomId = ref('');
  const displayName = ref('');
  const connection = ref<ConnectionState>('new');
  const closeReason = ref<CloseReason | null>(null);
  /** Why a moderator removed us (closeReason 'kicked'). */
  const removedReason = ref<string | null>(null);
  /** Joining failed: the human reason, shown instead of the meeting. */
  const joinError = ref<string | null>(null);
  const self = ref<SelfPeer | null>(null);
  const peers = ref<PeerInfo[]>([]);
  const tracks = ref<TrackInfo[]>([]);
  const published = ref<MediaSource[]>([]);
  const muted = ref<MediaSource[]>([]);
  const activeSpeakerId = ref<string | null>(null);
  /** Peers whose voice is above the speaking threshold right now. */
  const speakingIds = ref<string[]>([]);
  /** consumerId → its score (the worse of the SFU's send score and the producer's). */
  const consumerScores = ref<Record<string, number>>({});
  /** Our producerId → how well the SFU receives it (its best stream's score). */
  const producerScores = ref<Record<string, number>>({});
  /** Our published producers: source → producerId. */
  const producerIds = ref<Record<string, string>>({});
  const receiving = ref<Record<string, Receiving>>({});

  const isModerator = computed(() => self.value?.role === 'moderator');
  const selfMedia = computed<MediaState>(() => localMediaState(published.value, muted.value));

  /** Ourselves first, then everyone else in the order they joined. */
  const participants = computed<Participant[]>(() => {
    const others = [...peers.value].sort((a, b) => a.joinedAt - b.joinedAt).map(remoteParticipant);
    if (!self.value) return others;
    const me: Participant = {
      peerId: self.value.peerId,
      name: displayName.value,
      self: true,
      role: self.value.role,
      handRaised: self.value.handRaised,
      state: 'connected',
      media: selfMedia.value,
    };
    return [me, ...others];
  });

  const qualityByPeer = computed<Record<string, Quality>>(() => {
    const scores: Record<string, number[]> = {};
    for (const track of tracks.value) {
      const score = consumerScores.value[track.consumerId];
      if (score !== undefined) (scores[track.peerId] ??= []).push(score);
    }
    const result: Record<string, Quality> = {};
    for (const [peerId, list] of Object.entries(scores)) result[peerId] = qualityFromScores(list);
    if (self.value) result[self.value.peerId] = qualityFromScores(Object.values(producerScores.value));
    return result;
  });

  function videoTrack(peerId: string, source: 'camera' | 'screen'): TrackInfo | undefined {
    return tracks.value.find((track) => track.peerId === peerId && track.source === source);
  }

  function setSource(list: MediaSource[], source: MediaSource, present: boolean): MediaSource[] {
    const without = list.filter((entry) => entry !== source);
    return present ? [...without, source] : without;
  }

  function setPublished(source: MediaSource, producerId: string | null): void {
    published.value = setSource(published.value, source, producerId !== null);
    producerScores.value = without(producerScores.value, producerIds.value[source]);
    const others = without(producerIds.value, source);
    producerIds.value = producerId === null ? others : { ...others, [source]: producerId };
    if (producerId === null) muted.value = setSource(muted.value, source, false);
  }

  function setMuted(source: MediaSource, value: boolean): void {
    muted.value = setSource(muted.value, source, value);
  }

  function removeTrack(consumerId: string): void {
    tracks.value = tracks.value.filter((track) => track.consumerId !== consumerId);
    consumerScores.value = without(consumerScores.value, consumerId);
    receiving.value = without(receiving.value, consumerId);
  }

  function setReceiving(consumerId: string, change: Partial<Receiving>): void {
    if (!tracks.value.some((track) => track.consumerId === consumerId)) return;
    const current = receiving.value[consumerId] ?? { paused: false, requestedLayer: null, currentLayer: null };
    receiving.value = { ...receiving.value, [consumerId]: { ...current, ...change } };
  }

  function start(room: string, name: string): void {
    roomId.value = room;
    displayName.value = name;
    connection.value = 'new';
    closeReason.value = null;
    removedReason.value = null;
    joinError.value = null;
    self.value = null;
    peers.value = [];
    tracks.value = [];
    published.value = [];
    muted.value = [];
    activeSpeakerId.value = null;
    speakingIds.value = [];
    consumerScores.value = {};
    producerScores.value = {};
    producerIds.value = {};
    receiving.value = {};
  }

  return {
    roomId,
    displayName,
    connection,
    closeReason,
    removedReason,
    joinError,
    self,
    peers,
    tracks,
    published,
    muted,
    activeSpeakerId,
    speakingIds,
    consumerScores,
    producerScores,
    producerIds,
    receiving,
    isModerator,
    selfMedia,
    participants,
    qualityByPeer,
    videoTrack,
    setPublished,
    setMuted,
    removeTrack,
    setReceiving,
    start,
  };
});
