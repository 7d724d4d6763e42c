import type { Handlers } from '../context.js';

export const chatHandlers: Pick<Handlers, 'sendChat' | 'getChatHistory'> = {
  async sendChat(context, { text, to }) {
    const { room, peer } = context.requireSession();
    return { message: await room.chat.send(peer, text, to) };
  },

  getChatHistory(context, { beforeSeq, limit }) {
    const { room, peer } = context.requireSession();
    return room.chat.history(peer, beforeSeq, limit);
  },
};
