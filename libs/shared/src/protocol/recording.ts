import { z } from 'zod';
import { idSchema } from './entities.js';

/** A room's recording as its participants see it: what the "Recording" indicator shows. */
export const roomRecordingSchema = z.object({
  recordingId: idSchema,
  startedAt: z.number().int(),
});
export type RoomRecording = z.infer<typeof roomRecordingSchema>;
