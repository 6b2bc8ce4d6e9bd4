import { z } from 'zod';

/** Classification levels, lowest first: the order is the meaning. */
export const clearanceLevels = ['UNCLASSIFIED', 'CUI', 'SECRET', 'TOP_SECRET'] as const;
export type ClearanceLevel = (typeof clearanceLevels)[number];

export const clearanceLevelSchema = z.enum(clearanceLevels, {
  error: () => `unknown classification level; use one of ${clearanceLevels.join(' < ')}`,
});

/** The rank of a level: 0 for UNCLASSIFIED upwards. */
export function levelRank(level: ClearanceLevel): number {
  return clearanceLevels.indexOf(level);
}

/** True when `held` is at least `needed`. */
export function levelAtLeast(held: ClearanceLevel, needed: ClearanceLevel): boolean {
  return levelRank(held) >= levelRank(needed);
}

/** The higher of two levels. */
export function higherLevel(first: ClearanceLevel, second: ClearanceLevel): ClearanceLevel {
  return levelRank(second) > levelRank(first) ? second : first;
}
