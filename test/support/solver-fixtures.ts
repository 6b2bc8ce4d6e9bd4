import type { ChatMessage } from '../../src/core/model/chat-message.js';
import type { GenerateConfig } from '../../src/core/model/generate-config.js';
import type { Generate } from '../../src/core/solvers/solver.js';
import type { Sample } from '../../src/core/task/sample.js';
import type { TaskState } from '../../src/core/task/task-state.js';
import { modelOutput } from './task-state-fixture.js';

/** A fresh state for a sample whose input is `prompt`, before any model call. */
export function freshState(
  prompt: string,
  options: {
    metadata?: Sample['metadata'];
    choices?: readonly string[];
    messages?: readonly ChatMessage[];
  } = {},
): TaskState {
  const sample: Sample = {
    id: 's1',
    input: prompt,
    target: 'A',
    ...(options.metadata === undefined ? {} : { metadata: options.metadata }),
    ...(options.choices === undefined ? {} : { choices: options.choices }),
  };
  return {
    sample,
    epoch: 1,
    messages: options.messages ?? [{ role: 'user', content: prompt }],
    tools: [],
    output: undefined,
    completed: false,
    prompt,
  };
}

/** A fake model: answers `reply #N` and records the messages and config of every call. */
export function fakeGenerate() {
  const calls: { messages: readonly ChatMessage[]; config: GenerateConfig | undefined }[] = [];
  const callModel: Generate = (state, config) => {
    calls.push({ messages: state.messages, config });
    const output = modelOutput(`reply #${calls.length}`);
    return Promise.resolve({
      ...state,
      messages: [...state.messages, output.message],
      output,
    });
  };
  return { callModel, calls };
}

/** A Generate that must never be called. */
export const noModel: Generate = () => Promise.reject(new Error('the model was called'));
