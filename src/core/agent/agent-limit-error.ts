import { SampleLimitError } from '../errors/sample-limit-error.js';

/** A limit only the agent can see: working time (wall time less approval waits), or cost. */
export type AgentLimitKind = 'working_time' | 'cost';

/**
 * The agent hit one of its own limits. It is a `SampleLimitError`, so the runner records it
 * (as `working`, in seconds, or `cost`, in the units of `costPerToken`) and still scores the
 * sample.
 */
export class AgentLimitError extends SampleLimitError {
  readonly agentKind: AgentLimitKind;

  constructor(kind: AgentLimitKind, limit: number) {
    super(kind === 'working_time' ? 'working' : 'cost', limit);
    this.agentKind = kind;
    this.message =
      kind === 'working_time'
        ? `agent working time limit of ${limit} s reached`
        : `agent cost limit of ${limit} reached`;
  }
}
