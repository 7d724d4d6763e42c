import type { Handlers } from '../context.js';

/** Recording the room from the meeting (the `record` grant is checked before these run). */
export const recordingHandlers: Pick<Handlers, 'startRecording' | 'stopRecording'> = {
  async startRecording(context) {
    const { room, peer } = context.requireSession();
    const started = await context.recordings.start(room.id, peer.actor);
    await context.audit('recording.start', room.id, { recordingId: started.id });
    return { recordingId: started.id, startedAt: started.startedAt };
  },

  async stopRecording(context) {
    const { room } = context.requireSession();
    const stopped = await context.recordings.stopRoom(room.id);
    await context.audit('recording.stop', room.id, { recordingId: stopped.id });
    return {};
  },
};
