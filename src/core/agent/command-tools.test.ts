import { describe, expect, it } from 'vitest';
import { quietSuccess as ok } from '../../../test/support/fake-sandbox.js';
import type { ExecRequest, ExecResult, Sandbox } from '../sandbox/sandbox.js';
import { bashTool } from './bash-tool.js';
import { formatExecResult } from './command-tool.js';
import { pythonTool } from './python-tool.js';
import { submitTool } from './submit-tool.js';
import type { ToolContext } from './tool.js';

/** A sandbox that records requests and answers each with `reply`. */
function recordingSandbox(reply: (request: ExecRequest) => Partial<ExecResult> = () => ({})) {
  const requests: ExecRequest[] = [];
  const sandbox: Sandbox = {
    services: [],
    exec: (request) => {
      requests.push(request);
      return Promise.resolve({ ...ok, ...reply(request) });
    },
    readFile: () => Promise.reject(new Error('not used')),
    writeFile: () => Promise.reject(new Error('not used')),
  };
  return { sandbox, requests };
}

function contextFor(sandbox: Sandbox): ToolContext {
  return { sandbox, signal: new AbortController().signal };
}

describe('formatExecResult', () => {
  it('joins stdout, stderr and the exit code', () => {
    const text = formatExecResult({ ...ok, stdout: 'out\n', stderr: 'err\n', exitCode: 2 }, 180);
    expect(text).toBe('out\n[stderr]\nerr\n[exit code 2]');
  });

  it('marks a timeout, a kill and cut output, and says when there is nothing', () => {
    expect(formatExecResult({ ...ok, timedOut: true, exitCode: null, signal: 'SIGKILL' }, 5)).toBe(
      '[timed out] the command ran longer than 5 s and was killed',
    );
    expect(formatExecResult({ ...ok, exitCode: null, signal: 'SIGSEGV' }, 5)).toBe(
      '[killed by signal SIGSEGV]',
    );
    expect(formatExecResult({ ...ok, stdout: 'aaaa', truncated: true }, 5)).toBe(
      'aaaa\n[output truncated]',
    );
    expect(formatExecResult(ok, 5)).toBe('[no output]');
  });
});

describe('bashTool', () => {
  it('runs bash -c with the default timeout and an output cap', async () => {
    const { sandbox, requests } = recordingSandbox(() => ({ stdout: 'file.txt\n' }));
    const result = await bashTool().run({ cmd: 'ls' }, contextFor(sandbox));
    expect(result).toEqual({ output: 'file.txt' });
    expect(requests[0]).toMatchObject({
      command: ['bash', '-c', 'ls'],
      timeoutMs: 180_000,
      outputLimitBytes: 1024 * 1024,
    });
    expect(requests[0]?.signal).toBeInstanceOf(AbortSignal);
  });

  it('takes its own timeout, directory and user', async () => {
    const { sandbox, requests } = recordingSandbox();
    await bashTool({ timeoutSeconds: 5, cwd: '/tmp', user: 'agent', outputLimitBytes: 10 }).run(
      { cmd: 'true' },
      contextFor(sandbox),
    );
    expect(requests[0]).toMatchObject({
      timeoutMs: 5000,
      cwd: '/tmp',
      user: 'agent',
      outputLimitBytes: 10,
    });
  });

  it('answers a missing or non-string cmd with an error, without running anything', async () => {
    const { sandbox, requests } = recordingSandbox();
    const missing = await bashTool().run({}, contextFor(sandbox));
    expect(missing.error).toBe('bash needs a string argument "cmd"; it is missing');
    const wrong = await bashTool().run({ cmd: 3 }, contextFor(sandbox));
    expect(wrong.error).toBe('bash needs a string argument "cmd"; got number');
    expect(requests).toHaveLength(0);
  });

  it('rejects a bad timeout when built', () => {
    expect(() => bashTool({ timeoutSeconds: 0 })).toThrow(RangeError);
  });
});

describe('pythonTool', () => {
  it('passes the code on stdin to python3 -', async () => {
    const { sandbox, requests } = recordingSandbox(() => ({ stdout: '4\n' }));
    const result = await pythonTool().run({ code: 'print(2+2)' }, contextFor(sandbox));
    expect(result.output).toBe('4');
    expect(requests[0]).toMatchObject({ command: ['python3', '-'], stdin: 'print(2+2)' });
  });

  it('answers a missing code argument with an error', async () => {
    const { sandbox } = recordingSandbox();
    expect((await pythonTool().run({ cmd: 'x' }, contextFor(sandbox))).error).toContain('"code"');
  });
});

describe('submitTool', () => {
  it('returns the answer as a submission, taking numbers as text', async () => {
    const { sandbox } = recordingSandbox();
    const tool = submitTool();
    expect(await tool.run({ answer: 'flag{x}' }, contextFor(sandbox))).toEqual({
      output: 'Submission received.',
      submission: 'flag{x}',
    });
    expect((await tool.run({ answer: 42 }, contextFor(sandbox))).submission).toBe('42');
    expect((await tool.run({}, contextFor(sandbox))).error).toContain('"answer"');
  });
});
