export type Quality = 'good' | 'fair' | 'poor' | 'unknown';

/** A connection's quality from mediasoup scores (0–10, 10 = no loss): the worst one counts. */
export function qualityFromScores(scores: readonly number[]): Quality {
  if (scores.length === 0) return 'unknown';
  const worst = Math.min(...scores);
  if (worst >= 7) return 'good';
  if (worst >= 4) return 'fair';
  return 'poor';
}

export const QUALITY_LABELS: Readonly<Record<Quality, string>> = {
  good: 'Good connection',
  fair: 'Unstable connection',
  poor: 'Poor connection',
  unknown: 'Connection quality not known yet',
};
