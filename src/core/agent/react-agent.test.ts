import { describe, expect, it } from 'vitest';
import { FakeSandbox } from '../../../test/support/fake-sandbox.js';
import {
  assistantMessages,
  bash,
  generateWith,
  runAgent,
  ScriptedModel,
  stateFor,
  submit,
  toolMessages,
} from '../../../test/support/react-agent-harness.js';
import { SampleLimitError } from '../errors/sample-limit-error.js';
import { SandboxError } from '../errors/sandbox-error.js';
import type { Generate } from '../solvers/solver.js';
import { AgentLimitError } from './agent-limit-error.js';
import type { ApprovalPolicy } from './approval.js';
import { bashTool } from './bash-tool.js';
import { defaultAgentSystemPrompt, defaultNudgeMessage, reactAgent } from './react-agent.js';
import { submitTool } from './submit-tool.js';
import type { AgentTool } from './tool.js';

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
