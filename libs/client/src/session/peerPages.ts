import type { PeerInfo, ResponseData } from '@huddle/shared';
import type { SignalClient } from '../signaling/signalClient.js';

/** How many stage peers the server puts in a `resume` reply: a reply this full may not hold everyone. */
const STAGE_FIRST_PAGE = 100;
/** Peers asked for per `listPeers` request (the protocol's maximum). */
const PAGE_SIZE = 500;

/**
 * Pages through the room's stage (or, `viewers`, a webinar's audience) after peer `after`, in join order, until the
 * server has no more; `onPage` sees each page as it arrives.
 */
export async function pageThrough(
  signal: SignalClient,
  options: { viewers: boolean; after?: string | undefined },
  onPage?: (peers: PeerInfo[]) => void,
): Promise<PeerInfo[]> {
  const all: PeerInfo[] = [];
  let after = options.after;
  for (;;) {
    const page = await signal.request('listPeers', {
      limit: PAGE_SIZE,
      viewers: options.viewers,
      ...(after === undefined ? {} : { after }),
    });
    all.push(...page.peers);
    onPage?.(page.peers);
    const last = page.peers.at(-1);
    if (!page.hasMore || !last) return all;
    after = last.peerId;
  }
}

/**
 * A join reply holds the first page of a big stage (`peersTotal` says how big): the rest is handed to `onPage` page
 * by page as it arrives.
 */
export function fetchRestOfStage(
  signal: SignalClient,
  joined: ResponseData<'join'>,
  onPage: (peers: PeerInfo[]) => void,
): Promise<void> {
  if ((joined.peersTotal ?? 0) <= joined.peers.length) return Promise.resolve();
  return pageThrough(signal, { viewers: false, after: joined.peers.at(-1)?.peerId }, onPage).then(() => undefined);
}

/** A resume reply whose first page is full, completed with the rest of the stage (as it was if that fails). */
export async function completeResume(
  signal: SignalClient,
  resumed: ResponseData<'resume'>,
): Promise<ResponseData<'resume'>> {
  if (resumed.peers.length < STAGE_FIRST_PAGE) return resumed;
  try {
    const rest = await pageThrough(signal, { viewers: false, after: resumed.peers.at(-1)?.peerId });
    return { ...resumed, peers: [...resumed.peers, ...rest] };
  } catch {
    return resumed;
  }
}
