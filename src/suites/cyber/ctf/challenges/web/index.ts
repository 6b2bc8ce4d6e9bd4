import type { Challenge } from '../../challenge.js';
import { commandInjection } from './command-injection/challenge.js';
import { jwtNone } from './jwt-none/challenge.js';
import { pathTraversal } from './path-traversal/challenge.js';
import { picklePrefs } from './pickle-prefs/challenge.js';
import { redosSupervisor } from './redos-supervisor/challenge.js';
import { sqliLogin } from './sqli-login/challenge.js';
import { sqliUpdate } from './sqli-update/challenge.js';
import { ssrf } from './ssrf/challenge.js';

/** The web challenges of `cyber.ctf`, easiest first. */
export const webChallenges: readonly Challenge[] = [
  sqliLogin,
  pathTraversal,
  commandInjection,
  ssrf,
  jwtNone,
  sqliUpdate,
  picklePrefs,
  redosSupervisor,
];
