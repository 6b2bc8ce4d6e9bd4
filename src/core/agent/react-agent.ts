import { InputError } from '../errors/input-error.js';
import { SampleLimitError } from '../errors/sample-limit-error.js';
import { SandboxError, type SandboxErrorCode } from '../errors/sandbox-error.js';
import type { ChatMessage, ToolMessage } from '../model/chat-message.js';
import { zeroUsage, type ModelOutput } from '../model/model-output.js';
import type { ToolCall } from '../model/tool.js';
import type { Sandbox } from '../sandbox/sandbox.js';
import type { Scorer } from '../scorers/scorer.js';
import type { Generate, Solver, SolverContext } from '../solvers/solver.js';
import { targetList } from '../task/sample.js';
import type { TaskState } from '../task/task-state.js';
import { AgentLimitError } from './agent-limit-error.js';
import {
  defaultApprovalPolicy,
  settleApproval,
  type ApprovalPolicy,
  type HumanApprover,
} from './approval.js';
import { bashTool } from './bash-tool.js';
import { pythonTool } from './python-tool.js';
import { submitTool } from './submit-tool.js';
import type { AgentTool, ToolContext, ToolResult } from './tool.js';
import { truncateOutput } from './truncate-output.js';

/** Price of one token, in any unit (the cost limit is in the same unit). */
export interface TokenPrices {
  readonly input: number;
  readonly output: number;
}

/** Limits only the agent can enforce; message, token and time limits belong to the task. */
export interface AgentLimits {
  /** Seconds of work: wall time of the loop less the time spent waiting on approval. */
  readonly workingSeconds?: number;
  /** Most spent on model calls, priced with `costPerToken`; cached replies cost nothing. */
  readonly cost?: number;
}

export interface ReactAgentOptions {
  /**
   * The sample's sandbox; called once per sample-epoch, when the agent starts on it. Default:
   * the sandbox the runner started for the sample (`state.sandbox`).
   */
  readonly sandbox?: (state: TaskState) => Sandbox;
  /** The tools offered; default `bash`, `python` and `submit`. */
  readonly tools?: readonly AgentTool[];
  /** Placed after the conversation's own system messages; '' for none. */
  readonly systemPrompt?: string;
  /** Submissions allowed; later ones are only possible with an `attemptScorer`. Default 1. */
  readonly maxAttempts?: number;
  /** Judges a submission while attempts remain (a value of 1 or more is correct). */
  readonly attemptScorer?: Scorer;
  /** The tool result after a wrong submission with attempts left. */
  readonly incorrectMessage?: string;
  /** The user message after a reply without tool calls. */
  readonly nudgeMessage?: string;
  /** Decides each tool call before it runs; default `defaultApprovalPolicy()`. */
  readonly approval?: ApprovalPolicy;
  /** Decides escalated calls; without one (batch runs) an escalation is a denial. */
  readonly humanApprover?: HumanApprover;
  /** Most UTF-8 bytes of a tool result the model reads, head and tail kept. Default 16 KiB. */
  readonly toolOutputLimit?: number;
  /** Most model calls; the loop ends without a submission after the last. Default 50. */
  readonly maxTurns?: number;
  /** Needed for `limits.cost`. */
  readonly costPerToken?: TokenPrices;
  readonly limits?: AgentLimits;
  /** The clock for the working-time limit; default `Date.now`. */
  readonly now?: () => number;
}

/** What the agent is given besides the state and generate: the runner's solver context. */
export type AgentRunContext = Partial<SolverContext>;

export const defaultAgentSystemPrompt = [
  'You are an agent working on a task inside a sandboxed Linux machine.',
  'Use the tools to explore, run commands and check your work; each tool call shows you its output.',
  'When you have the answer, call submit with it. Submit only your final answer.',
].join(' ');

export const defaultIncorrectMessage = 'Your submission was incorrect, keep trying.';

export const defaultNudgeMessage =
  'Please continue working on the task with the tools, or call submit with your final answer.';

export const defaultToolOutputLimit = 16 * 1024;
export const defaultMaxTurns = 50;

/** A sandbox in these states is of no further use: the sample fails instead of going on. */
const brokenSandbox: ReadonlySet<SandboxErrorCode> = new Set([
  'unavailable',
  'setup_failed',
  'service_unhealthy',
  'closed',
]);

function positiveInteger(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1)
    throw new InputError(`reactAgent: ${name} must be a positive integer, got ${value}`);
  return value;
}

function withSystemPrompt(messages: readonly ChatMessage[], prompt: string): ChatMessage[] {
  if (prompt === '') return [...messages];
  const leading = messages.findIndex((message) => message.role !== 'system');
  const at = leading === -1 ? messages.length : leading;
  return [...messages.slice(0, at), { role: 'system', content: prompt }, ...messages.slice(at)];
}

/** The output scorers read once the model has submitted: the answer, as the model's reply. */
function submissionOutput(state: TaskState, answer: string): ModelOutput {
  return {
    model: state.output?.model ?? 'agent',
    message: { role: 'assistant', content: answer },
    stopReason: 'stop',
    usage: state.output?.usage ?? zeroUsage,
  };
}

function append(state: TaskState, ...messages: readonly ChatMessage[]): TaskState {
  return { ...state, messages: [...state.messages, ...messages] };
}

function errorOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The ReAct loop as a solver: the model calls tools in the sample's sandbox until it submits
 * an answer, runs out of turns or hits a limit.
 *
 * Each turn calls `generate` with the tools on the state; each tool call of the reply is
 * approved, run and answered with a `tool` message (same `toolCallId`), in order. A call to an
 * unknown tool, with unparsable arguments, denied, or whose tool threw gets an error message
 * and the loop goes on (a broken sandbox, an abort or a limit ends the sample instead). A
 * reply without tool calls is nudged once to go on (the nudge's turn counts toward
 * `maxTurns`); a second one in a row ends the loop, its text the output.
 *
 * The answer reaches scorers as `state.output`: on submission the output becomes a model
 * output whose message is the submitted answer (and the runner logs it as the sample's
 * output), so `includes`, `pattern`, `match` and the rest judge the submission. The transcript
 * keeps the submit call as the model made it. Without a submission the output is the model's
 * last reply. With `maxAttempts` > 1 and an `attemptScorer`, a wrong submission is answered
 * with `incorrectMessage` and the loop goes on; the last submission is the answer.
 *
 * Message, token and time limits are the runner's: its generate throws `SampleLimitError`,
 * which propagates so the sample is recorded as limited and still scored. Working time and
 * cost are checked before each model call and throw `AgentLimitError` (also a limit).
 */
export function reactAgent(options: ReactAgentOptions): Solver {
  const tools = options.tools ?? [bashTool(), pythonTool(), submitTool()];
  const byName = new Map<string, AgentTool>();
  for (const tool of tools) {
    if (byName.has(tool.definition.name))
      throw new InputError(`reactAgent: two tools are named ${tool.definition.name}`);
    byName.set(tool.definition.name, tool);
  }
  const definitions = tools.map((tool) => tool.definition);
  const maxAttempts = positiveInteger('maxAttempts', options.maxAttempts ?? 1);
  const maxTurns = positiveInteger('maxTurns', options.maxTurns ?? defaultMaxTurns);
  const outputLimit = positiveInteger(
    'toolOutputLimit',
    options.toolOutputLimit ?? defaultToolOutputLimit,
  );
  const policy = options.approval ?? defaultApprovalPolicy();
  const systemPrompt = options.systemPrompt ?? defaultAgentSystemPrompt;
  const incorrectMessage = options.incorrectMessage ?? defaultIncorrectMessage;
  const nudgeMessage = options.nudgeMessage ?? defaultNudgeMessage;
  const limits = options.limits ?? {};
  const prices = options.costPerToken;
  if (limits.cost !== undefined && prices === undefined)
    throw new InputError('reactAgent: limits.cost needs costPerToken');
  const now = options.now ?? Date.now;
  const names = definitions.map((definition) => definition.name).join(', ');

  function toolMessage(call: ToolCall, result: ToolResult): ToolMessage {
    let content = result.output;
    if (result.error !== undefined)
      content = content === '' ? `Error: ${result.error}` : `${content}\nError: ${result.error}`;
    return {
      role: 'tool',
      toolCallId: call.id,
      content: truncateOutput(content, outputLimit).text,
      ...(result.error === undefined ? {} : { error: result.error }),
    };
  }

  async function runTool(call: ToolCall, context: ToolContext): Promise<ToolResult> {
    const tool = byName.get(call.name);
    if (tool === undefined)
      return { output: '', error: `unknown tool "${call.name}"; the tools are: ${names}` };
    if (call.parseError !== undefined)
      return { output: '', error: `the arguments are not valid JSON: ${call.parseError}` };
    try {
      return await tool.run(call.arguments, context);
    } catch (error) {
      if (context.signal.aborted || error instanceof SampleLimitError) throw error;
      if (error instanceof SandboxError && brokenSandbox.has(error.code)) throw error;
      return { output: '', error: `${call.name} failed: ${errorOf(error)}` };
    }
  }

  async function isCorrect(state: TaskState, signal: AbortSignal): Promise<boolean> {
    if (options.attemptScorer === undefined) return true;
    const score = await options.attemptScorer.score(state, targetList(state.sample.target), {
      signal,
    });
    return score.value !== null && score.value >= 1;
  }

  const sandboxOf = (state: TaskState): Sandbox => {
    const sandbox = options.sandbox?.(state) ?? state.sandbox;
    if (sandbox === undefined) {
      throw new SandboxError(
        'unavailable',
        `sample ${state.sample.id} has no sandbox for the agent`,
        {
          hint: 'give the task a sandbox (episode) so the runner starts one per sample',
        },
      );
    }
    return sandbox;
  };

  const agent = async (
    initial: TaskState,
    generate: Generate,
    context?: AgentRunContext,
  ): Promise<TaskState> => {
    const signal = context?.signal ?? new AbortController().signal;
    const toolContext: ToolContext = { sandbox: sandboxOf(initial), signal };
    const startedAt = now();
    let approvalMs = 0;
    let cost = 0;
    let attempts = 0;
    let answer: string | undefined;
    let finished = false;
    let nudged = false;
    let state: TaskState = {
      ...initial,
      messages: withSystemPrompt(initial.messages, systemPrompt),
      tools: definitions,
    };

    const checkLimits = () => {
      signal.throwIfAborted();
      const working = limits.workingSeconds;
      if (working !== undefined && now() - startedAt - approvalMs >= working * 1000)
        throw new AgentLimitError('working_time', working);
      if (limits.cost !== undefined && cost >= limits.cost)
        throw new AgentLimitError('cost', limits.cost);
    };

    for (let turn = 0; turn < maxTurns && !finished; turn += 1) {
      checkLimits();
      state = await generate(state);
      const output = state.output;
      if (output !== undefined && prices !== undefined && output.cached !== true)
        cost += output.usage.inputTokens * prices.input + output.usage.outputTokens * prices.output;
      const calls = output?.message.toolCalls ?? [];
      if (calls.length === 0) {
        if (nudged || turn + 1 >= maxTurns) break; // no nudge that the model would never read
        nudged = true;
        state = append(state, { role: 'user', content: nudgeMessage });
        continue;
      }
      nudged = false;
      for (const call of calls) {
        if (finished) {
          state = append(
            state,
            toolMessage(call, { output: '', error: 'not run: the answer was already submitted' }),
          );
          continue;
        }
        checkLimits();
        const approvalStart = now();
        const approval = await settleApproval(call, state, policy, options.humanApprover);
        approvalMs += now() - approvalStart;
        if ('refused' in approval) {
          const verb = approval.refused === 'denied' ? 'denied' : 'escalated and not approved';
          state = append(
            state,
            toolMessage(call, { output: '', error: `tool call ${verb}: ${approval.reason}` }),
          );
          continue;
        }
        const ran = await runTool(approval.run, toolContext);
        // A modified call is run in place of the model's; the transcript says what ran.
        const result: ToolResult = approval.modified
          ? {
              ...ran,
              output: `[the approval policy modified this call; ran ${approval.run.name} ${JSON.stringify(approval.run.arguments)}]\n${ran.output}`,
            }
          : ran;
        if (result.submission === undefined) {
          state = append(state, toolMessage(call, result));
          continue;
        }
        attempts += 1;
        answer = result.submission;
        const last = attempts >= maxAttempts;
        const correct =
          last || (await isCorrect({ ...state, output: submissionOutput(state, answer) }, signal));
        finished = last || correct;
        state = append(state, toolMessage(call, finished ? result : { output: incorrectMessage }));
      }
    }

    return {
      ...state,
      completed: true,
      output: answer === undefined ? state.output : submissionOutput(state, answer),
    };
  };
  return agent;
}
