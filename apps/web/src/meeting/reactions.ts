import type { Reaction } from '@huddle/shared';

/** What each reaction is called, for screen readers and tooltips. */
export const REACTION_NAMES: Readonly<Record<Reaction, string>> = {
  '👍': 'Thumbs up',
  '👏': 'Applause',
  '😂': 'Laughing',
  '😮': 'Surprised',
  '❤️': 'Heart',
  '🎉': 'Celebrate',
};
