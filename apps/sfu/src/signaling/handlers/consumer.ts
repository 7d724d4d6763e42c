import type { Handlers } from '../context.js';

export const consumerHandlers: Pick<Handlers, 'pauseConsumer' | 'resumeConsumer' | 'setConsumerPreferredLayers'> = {
  async pauseConsumer(context, { consumerId }) {
    await context.requireSession().peer.consumer(consumerId).pause();
    return {};
  },

  async resumeConsumer(context, { consumerId }) {
    await context.requireSession().peer.consumer(consumerId).resume();
    return {};
  },

  async setConsumerPreferredLayers(context, { consumerId, spatialLayer, temporalLayer }) {
    const consumer = context.requireSession().peer.consumer(consumerId);
    await consumer.setPreferredLayers(temporalLayer === undefined ? { spatialLayer } : { spatialLayer, temporalLayer });
    return {};
  },
};
