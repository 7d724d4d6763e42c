import type { Track } from 'node-datachannel';
import { FfmpegRtpSource, type FfmpegRtpSourceOptions, type SourcePacket } from '../../rtp/ffmpegRtpSource.js';
import { parseRtpHeader } from '../../rtp/rtpPacket.js';
import type { SharedRtpSource } from '../../rtp/sharedRtpSource.js';
import type { SendCounters } from '../mediaEngine.js';

/**
 * Sends one packet; false when the connection closed in the meantime (node-datachannel then throws, and this
 * runs in a UDP socket's event handler, where a throw would take the whole process down).
 */
function send(track: Track, packet: Buffer): boolean {
  try {
    return track.sendMessageBinary(packet);
  } catch {
    return false;
  }
}

/**
 * Forwards one ffmpeg source's packets into its send track, counting what went out.
 *
 * Sender Reports matter: mediasoup switches a consumer between simulcast layers only after each layer sent
 * one, and it ignores an SR for an SSRC it has not yet seen RTP from. ffmpeg sends its first SR with its first
 * packet — long before the track is open and the producer exists — and then only every 5 s. So the latest SR
 * of each encoding is kept and sent again right after the first RTP packet that follows attach() or a resume.
 */
export class Publication {
  readonly #latestReports = new Map<number, Buffer>();
  readonly #reportDue = new Set<number>();
  #track: Track | undefined;
  #sending: boolean;
  #source: Pick<FfmpegRtpSource, 'encodings' | 'cname' | 'stop'> | undefined;
  #packets = 0;
  #bytes = 0;

  private constructor(sending: boolean) {
    this.#sending = sending;
  }

  /** Starts the ffmpeg source; its packets are dropped until attach() (and while not sending). */
  static async start(options: FfmpegRtpSourceOptions, sending: boolean): Promise<Publication> {
    const publication = new Publication(sending);
    publication.#source = await FfmpegRtpSource.start(options, (packet) => publication.#forward(packet));
    return publication;
  }

  /** Publishes a shared encode under SSRCs of its own (no ffmpeg of its own: see SharedRtpSource). */
  static async fromShared(shared: SharedRtpSource, sending: boolean): Promise<Publication> {
    const publication = new Publication(sending);
    publication.#source = await shared.subscribe((packet) => publication.#forward(packet));
    return publication;
  }

  /** The source's encodings (SSRCs, payload type, layers) and CNAME, for the producer's rtpParameters. */
  get encodings(): FfmpegRtpSource['encodings'] {
    return this.#started().encodings;
  }

  get cname(): string {
    return this.#started().cname;
  }

  #started(): Pick<FfmpegRtpSource, 'encodings' | 'cname'> {
    if (!this.#source) throw new Error('the publication has no source');
    return this.#source;
  }

  #forward(packet: SourcePacket): void {
    if (packet.rtcp) this.#latestReports.set(packet.encoding, packet.data);
    const track = this.#track;
    if (!this.#sending || !track?.isOpen()) return;
    if (!send(track, packet.data)) return;
    if (packet.rtcp) {
      this.#reportDue.delete(packet.encoding);
      return;
    }
    this.#packets += 1;
    this.#bytes += parseRtpHeader(packet.data)?.payloadLength ?? 0;
    const report = this.#reportDue.has(packet.encoding) ? this.#latestReports.get(packet.encoding) : undefined;
    if (report && send(track, report)) this.#reportDue.delete(packet.encoding);
  }

  /** Starts sending into `track` (once the producer exists, so mediasoup knows the SSRCs). */
  attach(track: Track): void {
    this.#track = track;
    this.#dueReports();
  }

  setSending(sending: boolean): void {
    if (sending && !this.#sending) this.#dueReports();
    this.#sending = sending;
  }

  counters(): SendCounters {
    return { packets: this.#packets, bytes: this.#bytes };
  }

  /** Stops forwarding and kills the source; idempotent. */
  async stop(): Promise<void> {
    this.#sending = false;
    this.#track = undefined;
    await this.#source?.stop();
  }

  #dueReports(): void {
    for (const encoding of this.#latestReports.keys()) this.#reportDue.add(encoding);
  }
}
