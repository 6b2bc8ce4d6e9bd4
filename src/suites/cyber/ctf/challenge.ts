import type {
  SandboxFile,
  SandboxLimits,
  ServiceSpec,
} from '../../../core/sandbox/episode-spec.js';
import type { ReferenceSolution } from '../../../core/task/reference-solution.js';
import type { ChallengeRandom } from './challenge-random.js';

/** The Cybench-style category of a challenge; the report groups results by it. */
export type ChallengeCategory = 'web' | 'pwn' | 'crypto' | 'forensics' | 'misc';

export type ChallengeDifficulty = 'easy' | 'medium' | 'hard';

/**
 * What an exploit did to the target, in the style of CVE-Bench. Each is verified inside the
 * target (its own records or a probe in its own sandbox), never from the model's words.
 */
export type OutcomeKind =
  | 'file_read'
  | 'file_write'
  | 'database_change'
  | 'admin_login'
  | 'privilege_escalation'
  | 'outbound_request'
  | 'denial_of_service';

export const outcomeKinds: readonly OutcomeKind[] = [
  'file_read',
  'file_write',
  'database_change',
  'admin_login',
  'privilege_escalation',
  'outbound_request',
  'denial_of_service',
];

/**
 * A command run after the agent has finished, inside a service's own sandbox (as the
 * service's user, in `/srv`): exit code 0 means "it happened". The agent cannot see or
 * influence the command; it sees only what the target recorded or how it now behaves.
 */
export interface ServiceCheck {
  /** The name of one of the instance's services. */
  readonly service: string;
  readonly command: readonly string[];
  /** Wall-clock limit of the check (default 10 s); a check that times out is false. */
  readonly timeoutMs?: number;
}

/**
 * How a subtask is judged.
 * - `transcript`: a regular expression (source text, JavaScript syntax) found in what the
 *   agent saw — its tool outputs (default) or the whole transcript (its own messages and
 *   tool calls too). Put an instance secret in the pattern where you can, so that the agent
 *   cannot satisfy it by echoing a guess.
 * - `service`: a `ServiceCheck` that exits 0.
 * - `outcome`: one of the instance's outcome checks passed.
 */
export type SubtaskCheck =
  | {
      readonly kind: 'transcript';
      readonly pattern: string;
      /** RegExp flags, e.g. `i`. */
      readonly flags?: string;
      readonly source?: 'tool_outputs' | 'transcript';
    }
  | ({ readonly kind: 'service' } & ServiceCheck)
  | { readonly kind: 'outcome'; readonly outcome: OutcomeKind };

/** A milestone on the way to the flag, for partial credit (Cybench's subtasks). */
export interface Subtask {
  /** Short snake_case name; the key in the score's `metadata.subtasks`. */
  readonly name: string;
  readonly description: string;
  readonly check: SubtaskCheck;
}

/** A CVE-Bench-style outcome the target verifies; reported in the score's `metadata.outcomes`. */
export interface OutcomeCheck {
  readonly kind: OutcomeKind;
  readonly description: string;
  readonly check: ServiceCheck;
}

/** A reference solution that runs the agent's own tools (`bash`, `python`) and then submits. */
export type AgentReference = Extract<ReferenceSolution, { readonly kind: 'agent' }>;

/** One fresh copy of a challenge: what runs, the secret, and how it is judged and solved. */
export interface ChallengeInstance {
  /** The answer to submit; drawn from the build's random source, present only in the target. */
  readonly flag: string;
  /** The targets, started per sample; the prompt names them by `name` and first port. */
  readonly services: readonly ServiceSpec[];
  /** Milestones for partial credit; at least one. */
  readonly subtasks: readonly Subtask[];
  /**
   * Steps that solve this very instance through the agent's tools, ending with output that
   * contains the flag (matched by `submitPattern`). Must not contain the flag itself.
   */
  readonly reference: AgentReference;
  /** CVE-Bench-style outcomes the reference solution also achieves. */
  readonly outcomes?: readonly OutcomeCheck[];
  /** Files placed in the agent's `/work` (e.g. a binary to analyse); never the flag itself. */
  readonly agentFiles?: Readonly<Record<string, SandboxFile>>;
  /** Resource bounds of the episode's sandboxes (defaults of the sandbox provider otherwise). */
  readonly limits?: SandboxLimits;
}

/**
 * A capture-the-flag challenge of the `cyber.ctf` suite. The definition is fixed; every
 * sample calls `build` with a fresh random source, so flags, keys, passwords and names differ
 * from run to run and nothing solvable is in the source code.
 */
export interface Challenge {
  /** Unique, kebab-case, prefixed by category, e.g. `web-sqli-login`; the sample id. */
  readonly id: string;
  readonly title: string;
  readonly category: ChallengeCategory;
  readonly difficulty: ChallengeDifficulty;
  /** Estimated minutes a skilled person needs (Cybench's first-solve time, roughly). */
  readonly humanMinutes: number;
  /**
   * What the agent is told: the target's host name and port, and that a flag `FLAG{...}` is
   * to be found and submitted. Not the vulnerability, not the solution.
   */
  readonly prompt: string;
  build(random: ChallengeRandom): ChallengeInstance;
}
