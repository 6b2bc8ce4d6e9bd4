import type { ChatMessage } from '../model/chat-message.js';
import type { ModelOutput } from '../model/model-output.js';
import type { ToolDefinition } from '../model/tool.js';
import type { Sandbox } from '../sandbox/sandbox.js';
import type { Sample } from './sample.js';

/**
 * The state of one sample in one epoch as solvers pass it along. Solvers return a new state
 * rather than mutate the old one.
 */
export interface TaskState {
  readonly sample: Sample;
  readonly epoch: number;
  readonly messages: readonly ChatMessage[];
  readonly tools: readonly ToolDefinition[];
  /** The last model output, once the model has been called. */
  readonly output: ModelOutput | undefined;
  /** Set by a solver to end the chain early. */
  readonly completed: boolean;
  /** The raw user prompt before templates touched it. */
  readonly prompt: string;
  /** The sample's sandbox, when its task runs in one; scorers may check outcomes in it too. */
  readonly sandbox?: Sandbox;
  /** The episode's service sandboxes by name, for scorers; solvers must not hand them on. */
  readonly services?: Readonly<Record<string, Sandbox>>;
}

/** The text the model answered last, or '' before any call. */
export function completionText(state: TaskState): string {
  return state.output?.message.content ?? '';
}
