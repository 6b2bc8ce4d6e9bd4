import type { EpisodeSpec } from './episode-spec.js';
import type { Sandbox } from './sandbox.js';

/** A running episode: the agent's sandbox and the services beside it. */
export interface Episode {
  readonly id: string;
  readonly agent: Sandbox;
  /**
   * Each service's own sandbox, by service name: for scorers that check an outcome where it
   * happened (a file the exploit wrote, a simulator's state). Never given to the agent.
   */
  readonly services: Readonly<Record<string, Sandbox>>;
  /** Tears everything down; safe to call more than once. */
  close(): Promise<void>;
}

/** What a sweep removed. */
export interface SweepReport {
  readonly episodes: readonly string[];
}

/**
 * Starts episodes. `start` rejects with `SandboxError` (`unavailable`: a prerequisite is
 * missing; `setup_failed`; `service_unhealthy`: a service never accepted connections) and
 * leaves nothing behind when it does.
 */
export interface SandboxProvider {
  start(spec: EpisodeSpec, signal?: AbortSignal): Promise<Episode>;
  /** Removes what runs that died left behind (their processes, namespaces, cgroups, files). */
  sweep(): Promise<SweepReport>;
}
