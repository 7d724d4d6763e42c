import type { types } from 'mediasoup';
import { HuddleError } from '../../errors.js';
import { toWireDtlsParameters, toWireIceCandidates, toWireIceParameters } from '../../media/wire.js';
import type { Handlers } from '../context.js';

export const transportHandlers: Pick<Handlers, 'createTransport' | 'connectTransport' | 'restartIce'> = {
  async createTransport(context, { direction }) {
    const { room, peer } = context.requireSession();
    const transport = await room.createTransport(peer, direction);
    return {
      transportId: transport.id,
      iceParameters: toWireIceParameters(transport.iceParameters),
      iceCandidates: toWireIceCandidates(transport.iceCandidates),
      dtlsParameters: toWireDtlsParameters(transport.dtlsParameters),
    };
  },

  async connectTransport(context, { transportId, dtlsParameters }) {
    const transport = context.requireSession().peer.transport(transportId);
    if (transport.dtlsState !== 'new') {
      throw new HuddleError('CONFLICT', `transport ${transportId} is connected already (DTLS ${transport.dtlsState})`);
    }
    await transport.connect({ dtlsParameters: dtlsParameters as types.DtlsParameters });
    return {};
  },

  async restartIce(context, { transportId }) {
    const transport = context.requireSession().peer.transport(transportId);
    return { iceParameters: toWireIceParameters(await transport.restartIce()) };
  },
};
