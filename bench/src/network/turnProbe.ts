import { PROTOCOL_VERSION } from '@huddle/shared';
import { TestSignalClient } from '@huddle/testkit';
import { z } from 'zod';

const PROBE_ROOM = 'netbench-turn-probe';

/** What a join reply would carry for TURN: RTCIceServer entries (the protocol has no such field yet). */
const offeredSchema = z.object({
  iceServers: z.array(z.object({ urls: z.union([z.string(), z.array(z.string()).min(1)]) })).min(1),
});

/**
 * Whether the SFU offers ICE servers (TURN) to joiners: one throwaway join in its own room, reading the raw reply
 * (the shared schema would strip a field it does not know). Relay-only scenarios run only when it does.
 */
export async function sfuOffersIceServers(wsUrl: string): Promise<boolean> {
  const client = await TestSignalClient.connect(wsUrl);
  try {
    const reply = await client.sendRaw(
      JSON.stringify({
        id: 1,
        method: 'join',
        data: { protocolVersion: PROTOCOL_VERSION, roomId: PROBE_ROOM, displayName: 'turn probe' },
      }),
      1,
    );
    if (!reply.ok) throw new Error(`the TURN probe's join failed: ${reply.error.code} ${reply.error.message}`);
    await client.request('leave', {});
    return offeredSchema.safeParse(reply.data).success;
  } finally {
    await client.close();
  }
}
