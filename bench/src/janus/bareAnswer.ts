import type { Jsep } from './janusMessages.js';

/**
 * The subscriber answer without header extensions or RTCP feedback: Huddle's lightweight receivers negotiate
 * neither (no transport-cc, abs-send-time, mid stamping, NACK or PLI), so Janus must not be asked for them either
 * — both SFUs then do the same work per packet: route, SRTP-encrypt, send.
 */
export function bareAnswer(answer: Jsep): Jsep {
  const sdp = answer.sdp
    .split('\r\n')
    .filter((line) => !line.startsWith('a=extmap:') && !line.startsWith('a=rtcp-fb:'))
    .join('\r\n');
  return { ...answer, sdp };
}
