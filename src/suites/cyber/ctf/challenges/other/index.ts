import type { Challenge } from '../../challenge.js';

/** Pwn, crypto, forensics and misc challenges of `cyber.ctf`. */
export const otherChallenges: readonly Challenge[] = [];
