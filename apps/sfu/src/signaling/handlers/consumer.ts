import type { Handlers } from '../context.js';

export const consumerHandlers: Pick<
  Handlers,
  'consume' | 'pauseConsumer' | 'resumeConsumer' | 'setConsumerPreferredLayers'
> = {
  consume(context, { producerId }) {
    const { room, peer } = context.requireSession();
    room.media.requestConsumer(peer, producerId);
    return {};
  },

  async pauseConsumer(context, { consumerId }) {
    const { room, peer } = context.requireSession();
    await room.media.setConsumerPaused(peer, consumerId, true);
    return {};
  },

  async resumeConsumer(context, { consumerId }) {
    const { room, peer } = context.requireSession();
    await room.media.setConsumerPaused(peer, consumerId, false);
    return {};
  },

  setConsumerPreferredLayers(context, { consumerId, spatialLayer, temporalLayer, pinned }) {
    const { room, peer } = context.requireSession();
    room.media.setPreferredLayers(peer, consumerId, { spatialLayer, temporalLayer }, pinned ?? false);
    return {};
  },
};
