import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import { recordingSchema, type Recording, type RecordingState } from '@huddle/shared';
import type { LocalSfu } from '@huddle/testkit';
import { call } from './api.js';
import { eventually } from './eventually.js';

/** Starts recording `room` over REST as the SFU's admin. */
export async function startRecording(sfu: LocalSfu, room: string): Promise<Recording> {
  const reply = await call(sfu, 'POST', `/rooms/${room}/recordings`, { bearer: sfu.admin.token });
  expect(reply.status, JSON.stringify(reply.body)).toBe(201);
  return recordingSchema.parse(reply.body);
}

export async function getRecording(sfu: LocalSfu, id: string): Promise<Recording> {
  const reply = await call(sfu, 'GET', `/recordings/${id}`, { bearer: sfu.admin.token });
  expect(reply.status, JSON.stringify(reply.body)).toBe(200);
  return recordingSchema.parse(reply.body);
}

/** Polls until the recording is in one of `states` (processing and composing can take a while on 2 cores). */
export async function waitForState(
  sfu: LocalSfu,
  id: string,
  states: readonly RecordingState[],
  timeoutMs = 90_000,
): Promise<Recording> {
  return eventually(
    async () => {
      const recording = await getRecording(sfu, id);
      expect(states).toContain(recording.state);
      return recording;
    },
    timeoutMs,
    250,
  );
}

/** Downloads a recording's file through the API (`url` as the API gives it) into `dir`; returns its path. */
export async function download(sfu: LocalSfu, url: string, dir: string, name: string): Promise<string> {
  expect(url, 'a file URL of the recordings API').toMatch(/^\/api\/v1\/recordings\//);
  const response = await fetch(new URL(url, sfu.url), { headers: { authorization: `Bearer ${sfu.admin.token}` } });
  expect(response.status, await response.clone().text()).toBe(200);
  const path = join(dir, name);
  await writeFile(path, Buffer.from(await response.arrayBuffer()));
  return path;
}
