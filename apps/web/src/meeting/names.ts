const ADJECTIVES = ['Amber', 'Brisk', 'Calm', 'Clever', 'Gentle', 'Happy', 'Lucky', 'Mellow', 'Quiet', 'Sunny'];
const ANIMALS = ['Badger', 'Crane', 'Dolphin', 'Fox', 'Heron', 'Koala', 'Lynx', 'Otter', 'Panda', 'Robin'];

function pick<T>(items: readonly T[], random: () => number): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new RangeError('cannot pick from an empty list');
  return item;
}

/** A friendly display name unlikely to clash in a room: "Calm Heron 42". */
export function suggestName(random: () => number = Math.random): string {
  return `${pick(ADJECTIVES, random)} ${pick(ANIMALS, random)} ${10 + Math.floor(random() * 90)}`;
}

/** A fresh room name people can read out loud: "brisk-otter-3817". */
export function suggestRoomName(random: () => number = Math.random): string {
  const adjective = pick(ADJECTIVES, random).toLowerCase();
  const animal = pick(ANIMALS, random).toLowerCase();
  return `${adjective}-${animal}-${1000 + Math.floor(random() * 9000)}`;
}

/** One or two initials for an avatar: "Ada Lovelace" → "AL". */
export function initials(name: string): string {
  const words = name.trim().split(/\s+/).filter(Boolean);
  const letters = words.length > 1 ? [words[0], words[words.length - 1]] : [words[0]];
  return letters
    .map((word) => [...(word ?? '')][0] ?? '')
    .join('')
    .toUpperCase();
}
