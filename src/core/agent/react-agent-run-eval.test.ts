import { describe, expect, it } from 'vitest';
import { FakeSandbox } from '../../../test/support/fake-sandbox.js';
import { MemoryLogSink } from '../../../test/support/memory-log-sink.js';
import {
  assistantMessages,
  bash,
  ScriptedModel,
  submit,
  toolMessages,
} from '../../../test/support/react-agent-harness.js';
import { runEval } from '../runner/run-eval.js';
import { includes } from '../scorers/includes.js';
import { defineTask } from '../task/task.js';
import { reactAgent } from './react-agent.js';

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
