import { describe, expect, it } from 'vitest';
import { MemoryLogSink } from '../../../test/support/memory-log-sink.js';
import { SampleLimitError } from '../errors/sample-limit-error.js';
import { SandboxError } from '../errors/sandbox-error.js';
import type { AssistantMessage, ChatMessage, ToolMessage } from '../model/chat-message.js';
import type { ModelApi, ModelRequest } from '../model/model-api.js';
import type { ModelOutput } from '../model/model-output.js';
import type { ToolCall } from '../model/tool.js';
import { runEval } from '../runner/run-eval.js';
import type { ExecRequest, ExecResult, Sandbox } from '../sandbox/sandbox.js';
import { includes } from '../scorers/includes.js';
import type { Generate } from '../solvers/solver.js';
import { inputMessages, type Sample } from '../task/sample.js';
import type { TaskState } from '../task/task-state.js';
import { defineTask } from '../task/task.js';
import { AgentLimitError } from './agent-limit-error.js';
import type { ApprovalPolicy } from './approval.js';
import { bashTool } from './bash-tool.js';
import {
  defaultAgentSystemPrompt,
  defaultIncorrectMessage,
  defaultNudgeMessage,
  reactAgent,
  type ReactAgentOptions,
} from './react-agent.js';
import { submitTool } from './submit-tool.js';
import type { AgentTool } from './tool.js';

// --- fakes ---------------------------------------------------------------------------------

/** An in-memory sandbox: records every command and answers from `reply`. */
class FakeSandbox implements Sandbox {
  readonly services = [];
  readonly requests: ExecRequest[] = [];
  readonly files = new Map<string, string>();
  readonly #reply: (request: ExecRequest) => Partial<ExecResult>;

  constructor(reply: (request: ExecRequest) => Partial<ExecResult> = () => ({})) {
    this.#reply = reply;
  }

  get commands(): string[] {
    return this.requests.map((request) => request.command.join(' '));
  }

  exec(request: ExecRequest): Promise<ExecResult> {
    this.requests.push(request);
    return Promise.resolve({
      exitCode: 0,
      signal: null,
      stdout: '',
      stderr: '',
      timedOut: false,
      truncated: false,
      durationMs: 1,
      ...this.#reply(request),
    });
  }

  readFile(path: string): Promise<string> {
    const contents = this.files.get(path);
    return contents === undefined
      ? Promise.reject(new SandboxError('not_found', `${path}: no such file`))
      : Promise.resolve(contents);
  }

  writeFile(path: string, contents: string): Promise<void> {
    this.files.set(path, contents);
    return Promise.resolve();
  }
}

interface ScriptedCall {
  readonly name: string;
  readonly arguments?: Readonly<Record<string, unknown>>;
  readonly parseError?: string;
}
interface Turn {
  readonly content?: string;
  readonly calls?: readonly ScriptedCall[];
}

/**
 * A model replying turn by turn, like mock/scripted: the Nth call (N = assistant turns so far
 * + 1) gets turn N; past the end it repeats the last turn.
 */
class ScriptedModel implements ModelApi {
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
function generateWith(model: ModelApi): Generate {
  return async (state) => {
    const output = await model.generate({
      messages: state.messages,
      tools: state.tools,
      config: {},
    });
    return { ...state, messages: [...state.messages, output.message], output };
  };
}

function stateFor(sample: Partial<Sample> = {}): TaskState {
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

const bash = (cmd: string): ScriptedCall => ({ name: 'bash', arguments: { cmd } });
const submit = (answer: string): ScriptedCall => ({ name: 'submit', arguments: { answer } });

async function runAgent(
  turns: readonly Turn[],
  options: Partial<ReactAgentOptions> = {},
  sandbox = new FakeSandbox(),
) {
  const model = new ScriptedModel(turns);
  const solver = reactAgent({ sandbox: () => sandbox, ...options });
  const state = await solver(stateFor(), generateWith(model));
  return { state, model, sandbox };
}

function toolMessages(messages: readonly ChatMessage[]): ToolMessage[] {
  return messages.filter((message): message is ToolMessage => message.role === 'tool');
}

function assistantMessages(messages: readonly ChatMessage[]): AssistantMessage[] {
  return messages.filter((message): message is AssistantMessage => message.role === 'assistant');
}

// --- tests ---------------------------------------------------------------------------------

describe('reactAgent', () => {
  it('runs a bash call, then records the submitted answer as the output', async () => {
    const sandbox = new FakeSandbox(() => ({ stdout: 'flag{42}\n' }));
    const { state, model } = await runAgent(
      [{ content: 'Looking.', calls: [bash('cat flag.txt')] }, { calls: [submit('flag{42}')] }],
      {},
      sandbox,
    );
    expect(sandbox.commands).toEqual(['bash -c cat flag.txt']);
    expect(sandbox.requests[0]?.timeoutMs).toBe(180_000);
    expect(state.completed).toBe(true);
    expect(state.output?.message).toEqual({ role: 'assistant', content: 'flag{42}' });
    expect(state.tools.map((tool) => tool.name)).toEqual(['bash', 'python', 'submit']);
    expect(model.requests[0]?.tools?.map((tool) => tool.name)).toEqual([
      'bash',
      'python',
      'submit',
    ]);
    expect(state.messages.map((message) => message.role)).toEqual([
      'system',
      'user',
      'assistant',
      'tool',
      'assistant',
      'tool',
    ]);
    expect(state.messages[0]).toEqual({ role: 'system', content: defaultAgentSystemPrompt });
    const calls = assistantMessages(state.messages).flatMap((message) => message.toolCalls ?? []);
    expect(toolMessages(state.messages).map((message) => message.toolCallId)).toEqual(
      calls.map((call) => call.id),
    );
    expect(toolMessages(state.messages)[0]?.content).toBe('flag{42}');
    expect(model.requests).toHaveLength(2);
  });

  it('places its system prompt after the task’s own, or none when given ""', async () => {
    const model = new ScriptedModel([{ calls: [submit('x')] }]);
    const initial = stateFor({
      input: [
        { role: 'system', content: 'Task rules.' },
        { role: 'user', content: 'Go.' },
      ],
    });
    const withPrompt = await reactAgent({
      sandbox: () => new FakeSandbox(),
      systemPrompt: 'Agent.',
    })(initial, generateWith(model));
    expect(withPrompt.messages.slice(0, 3).map((message) => message.content)).toEqual([
      'Task rules.',
      'Agent.',
      'Go.',
    ]);
    const without = await reactAgent({ sandbox: () => new FakeSandbox(), systemPrompt: '' })(
      stateFor(),
      generateWith(model),
    );
    expect(without.messages.filter((message) => message.role === 'system')).toHaveLength(0);
  });

  it('answers an unknown tool or unparsable arguments with an error and goes on', async () => {
    const { state } = await runAgent([
      { calls: [{ name: 'nmap', arguments: { host: 'x' } }] },
      { calls: [{ name: 'bash', parseError: 'Unexpected token } in JSON' }] },
      { calls: [bash('')] },
      { calls: [{ name: 'bash', arguments: {} }] },
      { calls: [submit('done')] },
    ]);
    const [unknown, unparsable, , missing] = toolMessages(state.messages);
    expect(unknown?.error).toBe('unknown tool "nmap"; the tools are: bash, python, submit');
    expect(unknown?.content).toBe(`Error: ${unknown?.error ?? ''}`);
    expect(unparsable?.error).toContain('not valid JSON: Unexpected token');
    expect(missing?.error).toBe('bash needs a string argument "cmd"; it is missing');
    expect(state.output?.message.content).toBe('done');
  });

  it('turns a tool that throws into an error message', async () => {
    const broken: AgentTool = {
      definition: { name: 'lookup', description: 'Looks up.', parameters: { type: 'object' } },
      run: () => Promise.reject(new Error('connection refused')),
    };
    const { state } = await runAgent([{ calls: [{ name: 'lookup' }] }, { calls: [submit('x')] }], {
      tools: [broken, submitTool()],
    });
    const [message] = toolMessages(state.messages);
    expect(message).toMatchObject({
      error: 'lookup failed: connection refused',
      content: 'Error: lookup failed: connection refused',
      toolCallId: 'call_0_0',
    });
    expect(state.output?.message.content).toBe('x');
  });

  it('lets a broken sandbox end the sample, but feeds a missing file back', async () => {
    const gone = new FakeSandbox();
    gone.exec = () => Promise.reject(new SandboxError('closed', 'the sandbox was torn down'));
    await expect(runAgent([{ calls: [bash('ls')] }], {}, gone)).rejects.toBeInstanceOf(
      SandboxError,
    );

    const reader: AgentTool = {
      definition: { name: 'read', description: 'Reads a file.', parameters: { type: 'object' } },
      run: async (args, { sandbox }) => ({ output: await sandbox.readFile(String(args.path)) }),
    };
    const { state } = await runAgent(
      [{ calls: [{ name: 'read', arguments: { path: '/nope' } }] }, { calls: [submit('x')] }],
      { tools: [reader, submitTool()] },
    );
    expect(toolMessages(state.messages)[0]?.error).toBe('read failed: /nope: no such file');
  });

  it('truncates long tool output to the limit, head and tail kept', async () => {
    const sandbox = new FakeSandbox(() => ({
      stdout: `HEAD${'x'.repeat(100_000)}TAIL`,
    }));
    const { state } = await runAgent(
      [{ calls: [bash('cat big')] }, { calls: [submit('x')] }],
      { toolOutputLimit: 1000 },
      sandbox,
    );
    const content = toolMessages(state.messages)[0]?.content ?? '';
    expect(content.startsWith('HEAD')).toBe(true);
    expect(content.endsWith('TAIL')).toBe(true);
    expect(content).toMatch(/\[output truncated: \d+ bytes omitted\]/u);
    expect(content.length).toBeLessThan(1100);
  });

  describe('approval', () => {
    it('denies a call without running it and tells the model why', async () => {
      const deny: ApprovalPolicy = () =>
        Promise.resolve({ decision: 'deny', reason: 'no network' });
      const { state, sandbox } = await runAgent(
        [{ calls: [bash('curl example.com')] }, { calls: [submit('x')] }],
        { approval: deny },
      );
      expect(sandbox.requests).toHaveLength(0);
      expect(toolMessages(state.messages)[0]).toMatchObject({
        toolCallId: 'call_0_0',
        error: 'tool call denied: no network',
      });
    });

    it('runs the modified call in place of the model’s and says so', async () => {
      const modify: ApprovalPolicy = (call) =>
        Promise.resolve(
          call.name === 'bash'
            ? { decision: 'modify', call: { ...call, arguments: { cmd: 'ls -l' } } }
            : { decision: 'allow' },
        );
      const sandbox = new FakeSandbox(() => ({ stdout: 'total 0\n' }));
      const { state } = await runAgent(
        [{ calls: [bash('ls -la /root')] }, { calls: [submit('x')] }],
        { approval: modify },
        sandbox,
      );
      expect(sandbox.commands).toEqual(['bash -c ls -l']);
      const [message] = toolMessages(state.messages);
      expect(message?.toolCallId).toBe('call_0_0');
      expect(message?.content).toBe(
        '[the approval policy modified this call; ran bash {"cmd":"ls -l"}]\ntotal 0',
      );
    });

    it('treats an escalation as a denial in a batch run and records the reason', async () => {
      const escalate: ApprovalPolicy = (call) =>
        Promise.resolve(
          call.name === 'bash'
            ? { decision: 'escalate', reason: 'reaches outside the range' }
            : { decision: 'allow' },
        );
      const { state, sandbox } = await runAgent(
        [{ calls: [bash('ssh prod')] }, { calls: [submit('x')] }],
        { approval: escalate },
      );
      expect(sandbox.requests).toHaveLength(0);
      expect(toolMessages(state.messages)[0]?.error).toBe(
        'tool call escalated and not approved: reaches outside the range (escalated; no human approver is configured)',
      );
    });

    it('asks a configured human approver about an escalation', async () => {
      const escalate: ApprovalPolicy = (call) =>
        Promise.resolve(
          call.name === 'bash' ? { decision: 'escalate', reason: 'check' } : { decision: 'allow' },
        );
      const { sandbox } = await runAgent([{ calls: [bash('ssh lab')] }, { calls: [submit('x')] }], {
        approval: escalate,
        humanApprover: () => Promise.resolve({ decision: 'allow' }),
      });
      expect(sandbox.commands).toEqual(['bash -c ssh lab']);
    });

    it('blocks rm -rf / by default', async () => {
      const { state, sandbox } = await runAgent([
        { calls: [bash('rm -rf /'), bash('echo hi')] },
        { calls: [submit('x')] },
      ]);
      expect(sandbox.commands).toEqual(['bash -c echo hi']);
      const [blocked] = toolMessages(state.messages);
      expect(blocked?.error).toContain('default approval policy blocks recursive removal');
    });
  });

  describe('attempts', () => {
    it('tells the model a wrong submission was wrong and takes a later right one', async () => {
      const { state, model } = await runAgent(
        [
          { calls: [submit('flag{41}')] },
          { calls: [bash('cat flag')] },
          { calls: [submit('flag{42}')] },
        ],
        { maxAttempts: 3, attemptScorer: includes() },
      );
      const messages = toolMessages(state.messages);
      expect(messages[0]).toEqual({
        role: 'tool',
        toolCallId: 'call_0_0',
        content: defaultIncorrectMessage,
      });
      expect(messages[2]?.content).toBe('Submission received.');
      expect(state.output?.message.content).toBe('flag{42}');
      expect(model.requests).toHaveLength(3);
    });

    it('ends on the last attempt with the last submission as the answer', async () => {
      let scored = 0;
      const { state, model } = await runAgent(
        [{ calls: [submit('a')] }, { calls: [submit('b')] }, { calls: [submit('c')] }],
        {
          maxAttempts: 2,
          attemptScorer: {
            name: 'counting',
            score: () => {
              scored += 1;
              return Promise.resolve({ value: 0 });
            },
          },
        },
      );
      expect(model.requests).toHaveLength(2);
      expect(scored).toBe(1); // the last attempt is left to the task's scorers
      expect(state.output?.message.content).toBe('b');
    });

    it('ends on the first submission without an attempt scorer', async () => {
      const { state, model } = await runAgent(
        [{ calls: [submit('a'), bash('echo late')] }, { calls: [submit('b')] }],
        { maxAttempts: 3 },
      );
      expect(model.requests).toHaveLength(1);
      expect(state.output?.message.content).toBe('a');
      expect(toolMessages(state.messages)[1]?.error).toBe(
        'not run: the answer was already submitted',
      );
    });
  });

  it('stops after maxTurns model calls, keeping the last reply as the output', async () => {
    const { state, model, sandbox } = await runAgent(
      [{ content: 'still looking', calls: [bash('ls')] }],
      { maxTurns: 3 },
    );
    expect(model.requests).toHaveLength(3);
    expect(sandbox.requests).toHaveLength(3);
    expect(state.completed).toBe(true);
    expect(state.output?.message.content).toBe('still looking');
  });

  it('nudges a reply without tool calls once, and ends on a second one in a row', async () => {
    const { state, model } = await runAgent([
      { content: 'I think it is 42.' },
      { calls: [bash('ls')] },
      { content: 'Thinking.' },
      { content: 'The answer is 42.' },
    ]);
    expect(model.requests).toHaveLength(4);
    const nudges = state.messages.filter(
      (message) => message.role === 'user' && message.content === defaultNudgeMessage,
    );
    expect(nudges).toHaveLength(2);
    expect(state.messages.at(-1)).toMatchObject({
      role: 'assistant',
      content: 'The answer is 42.',
    });
    expect(state.output?.message.content).toBe('The answer is 42.');
  });

  it('does not nudge when no turn is left', async () => {
    const { state } = await runAgent([{ content: 'Done.' }], { maxTurns: 1 });
    expect(state.messages.at(-1)).toMatchObject({ role: 'assistant', content: 'Done.' });
  });

  it('lets a limit thrown by generate propagate', async () => {
    const solver = reactAgent({ sandbox: () => new FakeSandbox() });
    const limited: Generate = () => Promise.reject(new SampleLimitError('messages', 10));
    await expect(solver(stateFor(), limited)).rejects.toBeInstanceOf(SampleLimitError);
  });

  it('enforces a cost limit before the next model call', async () => {
    const attempt = runAgent([{ calls: [bash('ls')] }], {
      costPerToken: { input: 0.001, output: 0.01 }, // 0.2 a call
      limits: { cost: 0.5 },
    });
    await expect(attempt).rejects.toMatchObject({ agentKind: 'cost', kind: 'cost', limit: 0.5 });
    await expect(attempt).rejects.toBeInstanceOf(AgentLimitError);
  });

  it('enforces working time, not counting time spent on approval', async () => {
    let clock = 0;
    const slowApproval: ApprovalPolicy = () => {
      clock += 60_000; // a minute waiting for the approver
      return Promise.resolve({ decision: 'allow' });
    };
    const sandbox = new FakeSandbox(() => {
      clock += 10_000; // ten seconds of work per command
      return {};
    });
    const attempt = runAgent(
      [{ calls: [bash('sleep 10')] }],
      { approval: slowApproval, limits: { workingSeconds: 25 }, now: () => clock },
      sandbox,
    );
    await expect(attempt).rejects.toMatchObject({ agentKind: 'working_time', kind: 'working' });
    expect(sandbox.requests).toHaveLength(3); // 30 s of work > 25 s; 210 s of wall time
  });

  it('rejects bad options when built', () => {
    expect(() => reactAgent({ sandbox: () => new FakeSandbox(), maxTurns: 0 })).toThrow(
      /maxTurns must be a positive integer/u,
    );
    expect(() => reactAgent({ sandbox: () => new FakeSandbox(), limits: { cost: 1 } })).toThrow(
      /costPerToken/u,
    );
    expect(() =>
      reactAgent({ sandbox: () => new FakeSandbox(), tools: [bashTool(), bashTool()] }),
    ).toThrow(/two tools are named bash/u);
  });
});

describe('reactAgent through runEval', () => {
  function agentTask(sandboxes: Map<string, FakeSandbox>, limits = {}) {
    return defineTask({
      name: 'agent-task',
      dataset: {
        name: 'ctf',
        location: 'memory',
        samples: [
          { id: 'a', input: 'Find the flag in /srv.', target: 'flag{42}' },
          { id: 'b', input: 'Find the other flag.', target: 'flag{7}' },
        ],
      },
      solver: reactAgent({
        sandbox: (state) => {
          const sandbox = new FakeSandbox(() => ({ stdout: 'flag{42}\n' }));
          sandboxes.set(state.sample.id, sandbox);
          return sandbox;
        },
      }),
      scorers: [includes()],
      limits,
    });
  }

  it('logs the transcript with tool calls, the submission as output, and the scores', async () => {
    const sandboxes = new Map<string, FakeSandbox>();
    const model = new ScriptedModel([
      { content: 'Let me look.', calls: [bash('cat /srv/flag')] },
      { calls: [submit('flag{42}')] },
    ]);
    const sink = new MemoryLogSink();
    const result = await runEval({
      task: agentTask(sandboxes),
      model,
      sink,
      runId: 'run-agent',
      vigil: { version: 'test' },
      maxConnections: 2,
      failOnError: 1,
    });
    expect(result.status).toBe('success');
    expect(sink.samples).toHaveLength(2);
    const a = sink.samples.find((record) => record.id === 'a')!;
    const b = sink.samples.find((record) => record.id === 'b')!;
    expect(a.output).toBe('flag{42}');
    expect(a.scores.includes?.value).toBe(1);
    expect(b.scores.includes?.value).toBe(0); // submitted flag{42}, target flag{7}
    expect(a.messages.map((message) => message.role)).toEqual([
      'system',
      'user',
      'assistant',
      'tool',
      'assistant',
      'tool',
    ]);
    const [first] = assistantMessages(a.messages);
    expect(first?.toolCalls).toEqual([
      { id: 'call_0_0', name: 'bash', arguments: { cmd: 'cat /srv/flag' } },
    ]);
    expect(toolMessages(a.messages)[0]).toEqual({
      role: 'tool',
      toolCallId: 'call_0_0',
      content: 'flag{42}',
    });
    expect(a.usage.totalTokens).toBe(220);
    expect(sandboxes.get('a')?.commands).toEqual(['bash -c cat /srv/flag']);
  });

  it('stops at the task’s message limit and still scores the sample', async () => {
    const model = new ScriptedModel([{ content: 'flag{42}?', calls: [bash('ls')] }]);
    const sink = new MemoryLogSink();
    await runEval({
      task: agentTask(new Map(), { messages: 6 }),
      model,
      sink,
      runId: 'run-limit',
      vigil: { version: 'test' },
      maxConnections: 1,
      failOnError: 1,
    });
    const a = sink.samples.find((record) => record.id === 'a')!;
    expect(a.limit).toEqual({ kind: 'messages', limit: 6 });
    expect(a.error).toBeUndefined();
    expect(a.scores.includes?.value).toBe(1); // the last reply mentions flag{42}
  });
});
