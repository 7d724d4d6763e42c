/** The signaling endpoint of the server that served this page: `ws(s)://<same host>/ws`. */
export function signalingUrl(location: Pick<Location, 'protocol' | 'host'>): string {
  return `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
}

/** A server's signaling URL from its http(s) base URL; a ws(s) URL is returned as it is. */
export function signalingUrlOf(url: string): string {
  const parsed = new URL(url);
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') {
    parsed.protocol = parsed.protocol === 'http:' ? 'ws:' : 'wss:';
    parsed.pathname = '/ws';
  }
  return parsed.toString();
}
