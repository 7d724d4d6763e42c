import type { Handlers } from '../context.js';

export const chatHandlers: Pick<Handlers, 'sendChat' | 'getChatHistory'> = {
  sendChat(context, { text, to }) {
    const { room, peer } = context.requireSession();
    return { message: room.chat.send(peer, text, to) };
  },

  getChatHistory(context, { beforeSeq, limit }) {
    const { room, peer } = context.requireSession();
    return room.chat.history(peer, beforeSeq, limit);
  },
};
