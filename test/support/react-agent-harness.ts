import { reactAgent, type ReactAgentOptions } from '../../src/core/agent/react-agent.js';
import type {
  AssistantMessage,
  ChatMessage,
  ToolMessage,
} from '../../src/core/model/chat-message.js';
import type { ModelApi, ModelRequest } from '../../src/core/model/model-api.js';
import type { ModelOutput } from '../../src/core/model/model-output.js';
import type { ToolCall } from '../../src/core/model/tool.js';
import type { Generate } from '../../src/core/solvers/solver.js';
import { inputMessages, type Sample } from '../../src/core/task/sample.js';
import type { TaskState } from '../../src/core/task/task-state.js';
import { FakeSandbox } from './fake-sandbox.js';

export interface ScriptedCall {
  readonly name: string;
  readonly arguments?: Readonly<Record<string, unknown>>;
  readonly parseError?: string;
}
export interface Turn {
  readonly content?: string;
  readonly calls?: readonly ScriptedCall[];
}

/**
 * A model replying turn by turn, like mock/scripted: the Nth call (N = assistant turns so far
 * + 1) gets turn N; past the end it repeats the last turn.
 */
export class ScriptedModel implements ModelApi {
  readonly name = 'test/scripted';
  readonly requests: ModelRequest[] = [];
  readonly #turns: readonly Turn[];

  constructor(turns: readonly Turn[]) {
    this.#turns = turns;
  }

  generate(request: ModelRequest): Promise<ModelOutput> {
    this.requests.push(request);
    const index = request.messages.filter((message) => message.role === 'assistant').length;
    const turn = this.#turns[Math.min(index, this.#turns.length - 1)] ?? {};
    const toolCalls: ToolCall[] | undefined = turn.calls?.map((call, position) => ({
      id: `call_${index}_${position}`,
      name: call.name,
      arguments: call.arguments ?? {},
      ...(call.parseError === undefined ? {} : { parseError: call.parseError }),
    }));
    return Promise.resolve({
      model: this.name,
      message: {
        role: 'assistant',
        content: turn.content ?? '',
        ...(toolCalls === undefined ? {} : { toolCalls }),
      },
      stopReason: toolCalls === undefined ? 'stop' : 'tool_calls',
      usage: { inputTokens: 100, outputTokens: 10, totalTokens: 110 },
    });
  }
}

/** The generate the runner gives solvers, minus limits and retries. */
export function generateWith(model: ModelApi): Generate {
  return async (state) => {
    const output = await model.generate({
      messages: state.messages,
      tools: state.tools,
      config: {},
    });
    return { ...state, messages: [...state.messages, output.message], output };
  };
}

export function stateFor(sample: Partial<Sample> = {}): TaskState {
  const full: Sample = { id: 's1', input: 'Find the flag.', target: 'flag{42}', ...sample };
  return {
    sample: full,
    epoch: 1,
    messages: inputMessages(full.input),
    tools: [],
    output: undefined,
    completed: false,
    prompt: typeof full.input === 'string' ? full.input : '',
  };
}

export const bash = (cmd: string): ScriptedCall => ({ name: 'bash', arguments: { cmd } });
export const submit = (answer: string): ScriptedCall => ({ name: 'submit', arguments: { answer } });

export async function runAgent(
  turns: readonly Turn[],
  options: Partial<ReactAgentOptions> = {},
  sandbox = new FakeSandbox(),
) {
  const model = new ScriptedModel(turns);
  const solver = reactAgent({ sandbox: () => sandbox, ...options });
  const state = await solver(stateFor(), generateWith(model));
  return { state, model, sandbox };
}

export function toolMessages(messages: readonly ChatMessage[]): ToolMessage[] {
  return messages.filter((message): message is ToolMessage => message.role === 'tool');
}

export function assistantMessages(messages: readonly ChatMessage[]): AssistantMessage[] {
  return messages.filter((message): message is AssistantMessage => message.role === 'assistant');
}
