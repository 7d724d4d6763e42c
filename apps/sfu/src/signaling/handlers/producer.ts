import type { Handlers } from '../context.js';

export const producerHandlers: Pick<Handlers, 'produce' | 'closeProducer' | 'pauseProducer' | 'resumeProducer'> = {
  async produce(context, data) {
    const { room, peer } = context.requireSession();
    const producer = await room.produce(peer, data);
    return { producerId: producer.id };
  },

  closeProducer(context, { producerId }) {
    context.requireSession().peer.producer(producerId).close();
    return {};
  },

  async pauseProducer(context, { producerId }) {
    await context.requireSession().peer.producer(producerId).pause();
    return {};
  },

  async resumeProducer(context, { producerId }) {
    await context.requireSession().peer.producer(producerId).resume();
    return {};
  },
};
