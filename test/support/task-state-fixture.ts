import type { ModelOutput } from '../../src/core/model/model-output.js';
import type { Score } from '../../src/core/scorers/score.js';
import type { Scorer } from '../../src/core/scorers/scorer.js';
import { targetList, type Sample } from '../../src/core/task/sample.js';
import type { TaskState } from '../../src/core/task/task-state.js';

/** What a fixture sample carries besides the model's output. */
export interface StateFixtureOptions {
  readonly target?: string | readonly string[];
  readonly choices?: readonly string[];
  readonly input?: string;
  readonly model?: string;
}

/** A model output with the given text, zero usage and stop reason `stop`. */
export function modelOutput(content: string, model = 'mock/fixture'): ModelOutput {
  return {
    model,
    message: { role: 'assistant', content },
    stopReason: 'stop',
    usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
  };
}

/** A finished state whose last model output is `output`. */
export function taskStateWithOutput(output: string, options: StateFixtureOptions = {}): TaskState {
  const input = options.input ?? 'What is the answer?';
  const sample: Sample = {
    id: 'sample-1',
    input,
    target: options.target ?? '',
    ...(options.choices === undefined ? {} : { choices: options.choices }),
  };
  return {
    sample,
    epoch: 1,
    messages: [
      { role: 'user', content: input },
      { role: 'assistant', content: output },
    ],
    tools: [],
    output: modelOutput(output, options.model),
    completed: true,
    prompt: input,
  };
}

/** Scores `output` against the fixture sample's targets. */
export function scoreOutput(
  scorer: Scorer,
  output: string,
  options: StateFixtureOptions = {},
): Promise<Score> {
  const state = taskStateWithOutput(output, options);
  return scorer.score(state, targetList(state.sample.target));
}
