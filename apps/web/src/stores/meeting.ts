import type { Grants, MediaKind, MediaSource, PeerInfo, RoomMode, RoomRecording } from '@huddle/shared';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { localMediaState, remoteParticipant, type MediaState, type Participant } from '../meeting/participants.js';
import { qualityFromScores, worstQuality, type Quality } from '../meeting/quality.js';
import type { CloseReason, ConnectionState, JoinRetry, PublicationsSnapshot, SelfPeer } from '@huddle/client';
import type { JoinPlan } from '../joinPlan.js';

/** A remote track, as data: the track itself stays with the composables. */
export type TrackInfo = {
  consumerId: string;
  producerId: string;
  peerId: string;
  source: MediaSource;
  kind: MediaKind;
  /** Has spatial layers to choose from (simulcast or SVC). */
  layered: boolean;
};

/** Why the SFU holds a remote video (it resumes it by itself): our bandwidth, or not among the last N. */
export type Suspension = 'bandwidth' | 'lastN';

/** A link rated from WebRTC statistics (useConnectionQuality), with the figures behind it. */
export type LinkRating = { quality: Quality; details: string };

/** What this page asked the SFU for one remote video: paused while off screen, and which spatial layer. */
export type Receiving = { paused: boolean; requestedLayer: number | null; currentLayer: number | null };

/** One of our publications, as data (the track stays with the session): source, muted, producer. */
export type PublicationInfo = { source: MediaSource; paused: boolean; producerId: string | null; trackEnded: boolean };

/** A host-muted participant asking the moderators to let it unmute. */
export type UnmuteRequest = { peerId: string; source: MediaSource };

/** What a join may do until the server says (a planned viewer: watch and chat). */
const EVERYTHING: Grants = { publish: true, subscribe: true, screen: true, chat: true, moderate: false, record: false };
const WATCH_ONLY: Grants = { ...EVERYTHING, publish: false, screen: false };

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
  /** Why the session ended, in words (a failed rejoin's cause), when it did not end as asked. */
  const closeMessage = ref<string | null>(null);
  /** The last join attempt that failed for a passing reason (the server restarting, say), while retrying. */
  const retry = ref<JoinRetry | null>(null);
  const self = ref<SelfPeer | null>(null);
  /** Every peer id this session has had (a rejoin gives a new one): what was said under them is ours. */
  const ownPeerIds = ref<string[]>([]);
  const peers = ref<PeerInfo[]>([]);
  const tracks = ref<TrackInfo[]>([]);
  /** The session's publication snapshot, mirrored: the session is its one owner. */
  const publications = ref<PublicationInfo[]>([]);
  const hostMuted = ref<MediaSource[]>([]);
  /** Host-muted sources we asked to unmute (until allowed). */
  const unmuteAsked = ref<MediaSource[]>([]);
  /** Moderators: participants asking to unmute. */
  const unmuteRequests = ref<UnmuteRequest[]>([]);
  const activeSpeakerId = ref<string | null>(null);
  /** Peers whose voice is above the speaking threshold right now. */
  const speakingIds = ref<string[]>([]);
  /** consumerId → its score (the worse of the SFU's send score and the producer's). */
  const consumerScores = ref<Record<string, number>>({});
  /** Our producerId → how well the SFU receives it (its best stream's score). */
  const producerScores = ref<Record<string, number>>({});
  const receiving = ref<Record<string, Receiving>>({});
  /** consumerId → why the SFU paused that video, while it does. */
  const suspended = ref<Record<string, Suspension>>({});
  /** peerId (ours too) → the rating from statistics of the latest interval. */
  const links = ref<Record<string, LinkRating>>({});
  /** Our own link has been poor for a while: the page says so. */
  const poorConnection = ref(false);
  /** The room's recording while one runs (the session's, mirrored). */
  const recording = ref<RoomRecording | null>(null);
  /** What the page knew before joining (null until the SFU answered). */
  const plan = ref<JoinPlan | null>(null);
  /** `webinar`: only the stage is shown; the others watch (counted in `viewers`). */
  const mode = ref<RoomMode>('meeting');
  const viewers = ref(0);
  /** Moderators of a webinar: who watches (fetched while the participant list is open). */
  const audience = ref<PeerInfo[]>([]);
  /** Moderators: other participants' grants, as the SFU answered our changes to them. */
  const peerGrants = ref<Record<string, Grants>>({});

  const published = computed(() => publications.value.map((entry) => entry.source));
  const muted = computed(() => publications.value.filter((entry) => entry.paused).map((entry) => entry.source));
  const producerIds = computed(() =>
    publications.value.flatMap((entry) => (entry.producerId === null ? [] : [entry.producerId])),
  );
  const lobby = computed(() => connection.value === 'lobby');
  const isModerator = computed(() => self.value?.role === 'moderator');
  /** Our join token lets us start and stop the room's recording. */
  const canRecord = computed(() => self.value?.grants.record === true);
  const selfMedia = computed<MediaState>(() => localMediaState(published.value, muted.value));
  const grants = computed<Grants>(() => self.value?.grants ?? (plan.value?.viewer ? WATCH_ONLY : EVERYTHING));
  const canPublish = computed(() => grants.value.publish);
  const canShare = computed(() => grants.value.screen);
  /** Our grant and the room's setting both allow chat. */
  const canChat = computed(() => grants.value.chat && plan.value?.chat !== false);
  /** On the stage (seen, heard): everyone in a meeting; in a webinar, who may publish or share, and moderators. */
  const onStage = computed(
    () => mode.value !== 'webinar' || canPublish.value || canShare.value || self.value?.role === 'moderator',
  );

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

  /** Who the stage shows: a viewer of a webinar is not on it. */
  const stageParticipants = computed(() =>
    onStage.value ? participants.value : participants.value.filter((participant) => !participant.self),
  );

  /** Everyone in the room: the stage and, in a webinar, the viewers (we are one of those, or on the stage). */
  const headcount = computed(() => stageParticipants.value.length + viewers.value);

  const qualityByPeer = computed<Record<string, Quality>>(() => {
    const scores: Record<string, number[]> = {};
    for (const track of tracks.value) {
      const score = consumerScores.value[track.consumerId];
      if (score !== undefined) (scores[track.peerId] ??= []).push(score);
    }
    const result: Record<string, Quality> = {};
    for (const [peerId, list] of Object.entries(scores)) result[peerId] = qualityFromScores(list);
    if (self.value) result[self.value.peerId] = qualityFromScores(Object.values(producerScores.value));
    for (const [peerId, link] of Object.entries(links.value)) {
      result[peerId] = worstQuality(result[peerId] ?? 'unknown', link.quality);
    }
    return result;
  });

  function videoTrack(peerId: string, source: 'camera' | 'screen'): TrackInfo | undefined {
    return tracks.value.find((track) => track.peerId === peerId && track.source === source);
  }

  function mirrorPublications(snapshot: PublicationsSnapshot): void {
    publications.value = snapshot.publications.map(({ source, paused, producerId, trackEnded }) => ({
      source,
      paused,
      producerId,
      trackEnded,
    }));
    hostMuted.value = snapshot.hostMuted;
    unmuteAsked.value = unmuteAsked.value.filter((source) => snapshot.hostMuted.includes(source));
    const current = new Set(producerIds.value);
    producerScores.value = Object.fromEntries(Object.entries(producerScores.value).filter(([id]) => current.has(id)));
  }

  function isOwn(peerId: string): boolean {
    return ownPeerIds.value.includes(peerId);
  }

  function removeTrack(consumerId: string): void {
    tracks.value = tracks.value.filter((track) => track.consumerId !== consumerId);
    consumerScores.value = without(consumerScores.value, consumerId);
    receiving.value = without(receiving.value, consumerId);
    suspended.value = without(suspended.value, consumerId);
  }

  /** Kept also for a consumer whose track is still being made (the notice can come first). */
  function setSuspended(consumerId: string, reason: Suspension | null): void {
    suspended.value =
      reason === null ? without(suspended.value, consumerId) : { ...suspended.value, [consumerId]: reason };
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
    closeMessage.value = null;
    retry.value = null;
    self.value = null;
    ownPeerIds.value = [];
    peers.value = [];
    tracks.value = [];
    publications.value = [];
    hostMuted.value = [];
    unmuteAsked.value = [];
    unmuteRequests.value = [];
    activeSpeakerId.value = null;
    speakingIds.value = [];
    consumerScores.value = {};
    producerScores.value = {};
    receiving.value = {};
    suspended.value = {};
    links.value = {};
    poorConnection.value = false;
    recording.value = null;
    mode.value = 'meeting';
    viewers.value = 0;
    audience.value = [];
    peerGrants.value = {};
  }

  return {
    roomId,
    displayName,
    connection,
    closeReason,
    removedReason,
    joinError,
    closeMessage,
    retry,
    self,
    ownPeerIds,
    peers,
    tracks,
    publications,
    hostMuted,
    unmuteAsked,
    unmuteRequests,
    published,
    muted,
    lobby,
    activeSpeakerId,
    speakingIds,
    consumerScores,
    producerScores,
    producerIds,
    receiving,
    suspended,
    links,
    poorConnection,
    recording,
    plan,
    mode,
    viewers,
    audience,
    peerGrants,
    grants,
    canPublish,
    canShare,
    canChat,
    onStage,
    stageParticipants,
    headcount,
    isModerator,
    canRecord,
    selfMedia,
    participants,
    qualityByPeer,
    videoTrack,
    mirrorPublications,
    isOwn,
    removeTrack,
    setReceiving,
    setSuspended,
    start,
  };
});
