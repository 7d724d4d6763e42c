import { inject, provide, type InjectionKey } from 'vue';
import type { AudienceActions } from '../composables/useAudience.js';
import type { LocalMedia } from '../composables/useLocalMedia.js';
import type { ChatActions } from '../composables/useChat.js';
import type { MediaControls } from '../composables/useMediaControls.js';
import type { ModerationActions } from '../composables/useModeration.js';
import type { PresenceActions } from '../composables/usePresence.js';
import type { RecordingActions } from '../composables/useRecording.js';
import type { VideoReceiving } from '../composables/useVideoReceiving.js';

/** What the meeting's components may use: actions and tracks, never the session or mediasoup objects. */
export type MeetingContext = {
  local: LocalMedia;
  remoteTrack(consumerId: string): MediaStreamTrack | undefined;
  media: MediaControls;
  chat: ChatActions;
  presence: PresenceActions;
  receiving: VideoReceiving;
  moderation: ModerationActions;
  recording: RecordingActions;
  audience: AudienceActions;
  leave(): Promise<void>;
};

const meetingKey: InjectionKey<MeetingContext> = Symbol('meeting');
const localMediaKey: InjectionKey<LocalMedia> = Symbol('localMedia');

export function provideMeeting(context: MeetingContext): void {
  provide(meetingKey, context);
}

export function useMeeting(): MeetingContext {
  const context = inject(meetingKey);
  if (!context) throw new Error('useMeeting() needs a MeetingRoom ancestor');
  return context;
}

/** The page's own camera, mic and screen: shared by the pre-join screen and the meeting that follows it. */
export function provideLocalMedia(local: LocalMedia): void {
  provide(localMediaKey, local);
}

export function useProvidedLocalMedia(): LocalMedia {
  const local = inject(localMediaKey);
  if (!local) throw new Error('useProvidedLocalMedia() needs a RoomView ancestor');
  return local;
}
