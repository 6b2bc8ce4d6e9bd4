import type { Challenge } from '../../challenge.js';
import { sqliLogin } from './sqli-login/challenge.js';

/** The web challenges of `cyber.ctf`, easiest first. */
export const webChallenges: readonly Challenge[] = [sqliLogin];
