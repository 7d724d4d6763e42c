import { toWireDtlsParameters, toWireIceCandidates, toWireIceParameters } from '../../media/wire.js';
import type { Handlers } from '../context.js';

export const transportHandlers: Pick<Handlers, 'createTransport' | 'connectTransport' | 'restartIce'> = {
  async createTransport(context, { direction }) {
    const { room, peer } = context.requireSession();
    const transport = await room.media.createTransport(peer, direction);
    return {
      transportId: transport.id,
      iceParameters: toWireIceParameters(transport.iceParameters),
      iceCandidates: toWireIceCandidates(transport.iceCandidates),
      dtlsParameters: toWireDtlsParameters(transport.dtlsParameters),
    };
  },

  async connectTransport(context, { transportId, dtlsParameters }) {
    const { room, peer } = context.requireSession();
    await room.media.connectTransport(peer, transportId, dtlsParameters);
    return {};
  },

  async restartIce(context, { transportId }) {
    const { room, peer } = context.requireSession();
    return { iceParameters: toWireIceParameters(await room.media.restartIce(peer, transportId)) };
  },
};
