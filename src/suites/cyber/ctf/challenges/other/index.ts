import type { Challenge } from '../../challenge.js';
import { ecbProfile } from './crypto/ecb-profile.js';
import { paddingOracle } from './crypto/padding-oracle.js';
import { resetToken } from './crypto/reset-token.js';
import { sealedRelay } from './crypto/sealed-relay.js';
import { dnsExfil } from './forensics/dns-exfil.js';
import { intrusionLogs } from './forensics/intrusion-logs.js';
import { tcpStream } from './forensics/tcp-stream.js';
import { calcJail } from './misc/calc-jail.js';
import { encodingChain } from './misc/encoding-chain.js';
import { gitLeak } from './misc/git-leak.js';
import { echoService } from './pwn/echo-service.js';
import { jobRunner } from './pwn/job-runner.js';
import { visitorBadge } from './pwn/visitor-badge.js';

/** Pwn, crypto, forensics and misc challenges of `cyber.ctf`. */
export const otherChallenges: readonly Challenge[] = [
  visitorBadge,
  jobRunner,
  echoService,
  sealedRelay,
  resetToken,
  ecbProfile,
  paddingOracle,
  tcpStream,
  dnsExfil,
  intrusionLogs,
  encodingChain,
  calcJail,
  gitLeak,
];
