import type { MediaSource, PeerInfo, PeerRole, ProducerInfo } from '@huddle/shared';

/** `off`: nothing published; `muted`: published but paused. */
export type MicState = 'on' | 'muted' | 'off';
export type MediaState = { mic: MicState; camera: boolean; screen: boolean };

/** Everyone in the meeting, ourselves included, as the UI shows them. */
export type Participant = {
  peerId: string;
  name: string;
  self: boolean;
  role: PeerRole;
  handRaised: boolean;
  state: PeerInfo['state'];
  media: MediaState;
};

function producer(producers: readonly ProducerInfo[], source: MediaSource): ProducerInfo | undefined {
  return producers.find((candidate) => candidate.source === source);
}

function remoteMediaState(producers: readonly ProducerInfo[]): MediaState {
  const mic = producer(producers, 'mic');
  const camera = producer(producers, 'camera');
  return {
    mic: mic === undefined ? 'off' : mic.paused ? 'muted' : 'on',
    camera: camera !== undefined && !camera.paused,
    screen: producer(producers, 'screen') !== undefined,
  };
}

export function localMediaState(published: readonly MediaSource[], muted: readonly MediaSource[]): MediaState {
  const on = (source: MediaSource): boolean => published.includes(source) && !muted.includes(source);
  return {
    mic: !published.includes('mic') ? 'off' : muted.includes('mic') ? 'muted' : 'on',
    camera: on('camera'),
    screen: published.includes('screen'),
  };
}

export function remoteParticipant(peer: PeerInfo): Participant {
  return {
    peerId: peer.peerId,
    name: peer.displayName,
    self: false,
    role: peer.role,
    handRaised: peer.handRaised,
    state: peer.state,
    media: remoteMediaState(peer.producers),
  };
}
