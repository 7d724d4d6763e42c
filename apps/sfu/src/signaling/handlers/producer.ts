import type { Handlers } from '../context.js';

export const producerHandlers: Pick<Handlers, 'produce' | 'closeProducer' | 'pauseProducer' | 'resumeProducer'> = {
  async produce(context, data) {
    const { room, peer } = context.requireSession();
    const producer = await room.media.produce(peer, data);
    return { producerId: producer.id };
  },

  async closeProducer(context, { producerId }) {
    const { room, peer } = context.requireSession();
    await room.media.closeProducer(peer, producerId);
    return {};
  },

  async pauseProducer(context, { producerId }) {
    const { room, peer } = context.requireSession();
    await room.media.setProducerPaused(peer, producerId, true);
    return {};
  },

  async resumeProducer(context, { producerId }) {
    const { room, peer } = context.requireSession();
    await room.media.setProducerPaused(peer, producerId, false);
    return {};
  },
};
