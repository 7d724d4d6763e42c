import { randomUUID } from 'node:crypto';
import type { RpcParams, RpcResult } from '@huddle/shared';
import type { types } from 'mediasoup';
import { HuddleError } from '../errors.js';
import type { Logger } from '../logger.js';
import { toWireRtpParameters } from '../media/wire.js';
import type { Room } from '../rooms/room.js';
import type { PeerProducer, ProducerAppData } from '../rooms/types.js';
import type { Bus } from './bus.js';

type PipeTransport = types.PipeTransport;

/**
 * A meeting's media between nodes, on the room's primary router here. Pulling: for each other node whose producers
 * this node's peers consume, one PipeTransport pair (SRTP and RTX on, each end connected to the other's address),
 * and one pipe producer per remote producer, with the remote producer's id (ids are unique across the cluster).
 * Serving: the pipe ends other nodes asked for, and a pipe consumer per producer they pull. mediasoup carries key
 * frame requests and RTCP over the pipe; pause, resume and close are mirrored by room events.
 */
export class RoomPipes {
  readonly #room: Room;
  readonly #bus: Bus;
  readonly #address: string;
  readonly #log: Logger;
  /** Pipes to other nodes for pulling their producers, by node. */
  readonly #pulling = new Map<string, Promise<{ pipeId: string; transport: PipeTransport }>>();
  /** Pipe ends other nodes made with us (they pull our producers), by pipe id. */
  readonly #serving = new Map<string, { node: string; transport: PipeTransport }>();
  readonly #pulled = new Set<string>();

  constructor(room: Room, bus: Bus, address: string, log: Logger) {
    this.#room = room;
    this.#bus = bus;
    this.#address = address;
    this.#log = log.child({ component: 'pipes', room: room.id });
  }

  /** Brings a producer of `node` onto this node (once), for this node's peers to consume. */
  pull(node: string, producerId: string): void {
    if (this.#pulled.has(producerId) || this.#room.closed) return;
    this.#pulled.add(producerId);
    this.#pull(node, producerId).catch((error: unknown) => {
      this.#pulled.delete(producerId);
      if (!this.#room.closed)
        this.#log.warn({ err: error, node, producer: producerId }, 'could not pipe a producer in');
    });
  }

  /** Another node made its end of a pipe to us: make ours, connect both ways. */
  async connect(from: string, params: RpcParams<'pipe.connect'>): Promise<RpcResult<'pipe.connect'>> {
    const transport = await this.#createTransport();
    if (this.#room.closed) {
      transport.close();
      throw new HuddleError('NOT_FOUND', `room ${this.#room.id} closed here`);
    }
    await transport.connect({ ip: params.tuple.ip, port: params.tuple.port, srtpParameters: srtpOf(params.srtp) });
    this.#serving.set(params.pipeId, { node: from, transport });
    transport.observer.once('close', () => this.#serving.delete(params.pipeId));
    return { tuple: tupleOf(transport), srtp: srtpParametersOf(transport) };
  }

  /** Another node pulls one of our producers over its pipe. */
  async consume(params: RpcParams<'pipe.consume'>): Promise<RpcResult<'pipe.consume'>> {
    const serving = this.#serving.get(params.pipeId);
    if (!serving) throw new HuddleError('NOT_FOUND', `no pipe ${params.pipeId} here`);
    for (const peer of this.#room.members()) {
      const producer = peer.producers.get(params.producerId);
      if (!producer) continue;
      await peer.router.pipeTo(producer.id, this.#room.media.primary);
      const consumer = await serving.transport.consume({ producerId: producer.id });
      if (serving.transport.closed || producer.closed) {
        consumer.close();
        throw new HuddleError('NOT_FOUND', `producer ${params.producerId} closed`);
      }
      return {
        kind: consumer.kind,
        rtpParameters: toWireRtpParameters(consumer.rtpParameters),
        paused: consumer.producerPaused,
        peerId: peer.id,
        source: producer.appData.source,
      };
    }
    throw new HuddleError('NOT_FOUND', `producer ${params.producerId} is not on this node`);
  }

  /** A node left the meeting or the cluster: every pipe to and from it closes (and what came through it). */
  nodeGone(node: string): void {
    void this.#pulling.get(node)?.then(
      ({ transport }) => transport.close(),
      () => undefined,
    );
    this.#pulling.delete(node);
    for (const serving of [...this.#serving.values()]) if (serving.node === node) serving.transport.close();
    for (const producer of this.#room.media.foreignFrom(node)) this.#pulled.delete(producer.id);
  }

  async #pull(node: string, producerId: string): Promise<void> {
    const { pipeId, transport } = await this.#pipeTo(node);
    const remote = await this.#bus.call(node, 'pipe.consume', { room: this.#room.id, pipeId, producerId });
    const appData: ProducerAppData = { peerId: remote.peerId, source: remote.source };
    const producer: PeerProducer = await transport.produce({
      id: producerId,
      kind: remote.kind,
      rtpParameters: remote.rtpParameters as types.RtpParameters,
      paused: remote.paused,
      appData,
    });
    if (this.#room.closed || transport.closed) {
      producer.close();
      return;
    }
    producer.observer.once('close', () => this.#pulled.delete(producerId));
    this.#room.media.addForeignProducer(node, producer);
  }

  /** Our end of the pipe to `node`, made and connected once (a failed attempt is forgotten). */
  #pipeTo(node: string): Promise<{ pipeId: string; transport: PipeTransport }> {
    let pipe = this.#pulling.get(node);
    if (!pipe) {
      pipe = this.#makePipe(node);
      this.#pulling.set(node, pipe);
      pipe.then(
        ({ transport }) => transport.observer.once('close', () => this.#pulling.delete(node)),
        () => this.#pulling.delete(node),
      );
    }
    return pipe;
  }

  async #makePipe(node: string): Promise<{ pipeId: string; transport: PipeTransport }> {
    const pipeId = randomUUID();
    const transport = await this.#createTransport();
    try {
      const remote = await this.#bus.call(node, 'pipe.connect', {
        room: this.#room.id,
        pipeId,
        tuple: tupleOf(transport),
        srtp: srtpParametersOf(transport),
      });
      await transport.connect({ ip: remote.tuple.ip, port: remote.tuple.port, srtpParameters: srtpOf(remote.srtp) });
      if (this.#room.closed) throw new HuddleError('NOT_FOUND', `room ${this.#room.id} closed here`);
      return { pipeId, transport };
    } catch (error) {
      transport.close();
      throw error;
    }
  }

  #createTransport(): Promise<PipeTransport> {
    return this.#room.media.primary.router.createPipeTransport({
      listenIp: { ip: this.#address },
      enableSrtp: true,
      enableRtx: true,
    });
  }
}

function tupleOf(transport: PipeTransport): { ip: string; port: number } {
  return { ip: transport.tuple.localIp, port: transport.tuple.localPort };
}

function srtpParametersOf(transport: PipeTransport): { cryptoSuite: string; keyBase64: string } {
  const srtp = transport.srtpParameters;
  if (!srtp) throw new Error('a pipe transport made with enableSrtp has no SRTP parameters');
  return { cryptoSuite: srtp.cryptoSuite, keyBase64: srtp.keyBase64 };
}

function srtpOf(srtp: { cryptoSuite: string; keyBase64: string }): types.SrtpParameters {
  const suites: readonly types.SrtpCryptoSuite[] = [
    'AEAD_AES_256_GCM',
    'AEAD_AES_128_GCM',
    'AES_CM_128_HMAC_SHA1_80',
    'AES_CM_128_HMAC_SHA1_32',
  ];
  const cryptoSuite = suites.find((suite) => suite === srtp.cryptoSuite);
  if (!cryptoSuite) throw new HuddleError('INVALID_PARAMS', `unknown SRTP crypto suite ${srtp.cryptoSuite}`);
  return { cryptoSuite, keyBase64: srtp.keyBase64 };
}
