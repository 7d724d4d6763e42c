import { SignalProbe } from '@huddle/testkit';

const PROBE_ROOM = 'netbench-turn-probe';

/**
 * Whether the SFU offers ICE servers (TURN) to joiners (`iceServers` in the join reply): one throwaway join in its
 * own room. Relay-only scenarios run only when it does.
 */
export async function sfuOffersIceServers(wsUrl: string): Promise<boolean> {
  const client = await SignalProbe.connect(wsUrl);
  try {
    const joined = await client.join(PROBE_ROOM, 'turn probe');
    await client.request('leave', {});
    return (joined.iceServers?.length ?? 0) > 0;
  } finally {
    await client.close();
  }
}
