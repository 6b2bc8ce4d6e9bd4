import { SampleLimitError } from '../errors/sample-limit-error.js';

/** A limit only the agent can see: working time (wall time less approval waits), or cost. */
export type AgentLimitKind = 'working_time' | 'cost';

/**
 * The agent hit one of its own limits. It is a `SampleLimitError`, so the runner records it
 * and still scores the sample; until the log has kinds of its own for these, it is recorded
 * under the nearest one: `time` for working time (limit in seconds), `tokens` for cost (limit
 * in the units of `costPerToken`).
 */
export class AgentLimitError extends SampleLimitError {
  readonly agentKind: AgentLimitKind;

  constructor(kind: AgentLimitKind, limit: number) {
    super(kind === 'working_time' ? 'time' : 'tokens', limit);
    this.agentKind = kind;
    this.message =
      kind === 'working_time'
        ? `agent working time limit of ${limit} s reached`
        : `agent cost limit of ${limit} reached`;
  }
}
