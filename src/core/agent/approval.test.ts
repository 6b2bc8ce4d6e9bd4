import { describe, expect, it } from 'vitest';
import type { ToolCall } from '../model/tool.js';
import type { TaskState } from '../task/task-state.js';
import {
  allowAll,
  defaultApprovalPolicy,
  findDestructiveCommand,
  settleApproval,
  type ApprovalPolicy,
} from './approval.js';

const state: TaskState = {
  sample: { id: 's', input: 'task', target: 'x' },
  epoch: 1,
  messages: [{ role: 'user', content: 'task' }],
  tools: [],
  output: undefined,
  completed: false,
  prompt: 'task',
};

const bash = (cmd: string): ToolCall => ({ id: 'c1', name: 'bash', arguments: { cmd } });

describe('findDestructiveCommand', () => {
  it.each([
    ['rm -rf /', 'rm-root'],
    ['rm -fr /*', 'rm-root'],
    ['cd /tmp && sudo rm -r -f --no-preserve-root /', 'rm-root'],
    ['rm --recursive --force / ; echo done', 'rm-root'],
    [':(){ :|:& };:', 'fork-bomb'],
    ['bomb() { bomb | bomb & }; bomb', 'fork-bomb'],
    ['mkfs.ext4 /dev/sda1', 'mkfs'],
    ['dd if=/dev/zero of=/dev/sda bs=1M', 'disk-overwrite'],
    ['cat junk > /dev/nvme0n1', 'disk-overwrite'],
    ['shutdown -h now', 'shutdown'],
    ['ls; reboot', 'shutdown'],
    ['sudo poweroff', 'shutdown'],
    ['init 0', 'shutdown'],
    ['systemctl reboot', 'shutdown'],
  ])('finds %j', (command, name) => {
    expect(findDestructiveCommand(command)?.name).toBe(name);
  });

  it.each([
    'rm -rf /tmp/build',
    'rm -rf ./out /var/tmp/x',
    'rm /',
    'ls -la /',
    'echo shutdown',
    'grep -r "reboot" /var/log',
    'man mkfs',
    'dd if=/dev/zero of=./disk.img bs=1M count=1',
    'cat /etc/passwd',
  ])('allows %j', (command) => {
    expect(findDestructiveCommand(command)).toBeUndefined();
  });

  it('looks inside Python strings', () => {
    expect(findDestructiveCommand('import os\nos.system("rm -rf /")', 'python')?.name).toBe(
      'rm-root',
    );
    expect(
      findDestructiveCommand("subprocess.run('shutdown now', shell=True)", 'python'),
    ).toBeDefined();
    expect(findDestructiveCommand('import os\nwhile True:\n    os.fork()', 'python')?.name).toBe(
      'fork-bomb',
    );
    expect(findDestructiveCommand('print("hello")', 'python')).toBeUndefined();
  });
});

describe('defaultApprovalPolicy', () => {
  const policy = defaultApprovalPolicy();

  it('denies rm -rf / with the reason and allows ordinary commands', async () => {
    const denied = await policy(bash('rm -rf /'), state);
    expect(denied).toEqual({
      decision: 'deny',
      reason: expect.stringContaining('rm -rf /') as unknown,
    });
    expect(await policy(bash('ls -la'), state)).toEqual({ decision: 'allow' });
  });

  it('inspects python code but not submissions', async () => {
    const python: ToolCall = {
      id: 'c',
      name: 'python',
      arguments: { code: 'os.system("mkfs /dev/sda")' },
    };
    expect((await policy(python, state)).decision).toBe('deny');
    const submit: ToolCall = { id: 'c', name: 'submit', arguments: { answer: 'rm -rf /' } };
    expect(await policy(submit, state)).toEqual({ decision: 'allow' });
  });
});

describe('settleApproval', () => {
  const always =
    (decision: Awaited<ReturnType<ApprovalPolicy>>): ApprovalPolicy =>
    () =>
      Promise.resolve(decision);

  it('runs allowed calls and keeps the id of modified ones', async () => {
    expect(await settleApproval(bash('ls'), state, allowAll, undefined)).toEqual({
      run: bash('ls'),
      modified: false,
    });
    const modify = always({
      decision: 'modify',
      call: { id: 'other', name: 'bash', arguments: { cmd: 'ls -l' } },
    });
    expect(await settleApproval(bash('ls'), state, modify, undefined)).toEqual({
      run: { id: 'c1', name: 'bash', arguments: { cmd: 'ls -l' } },
      modified: true,
    });
  });

  it('treats an escalation as a denial when no human approver is configured', async () => {
    const escalate = always({ decision: 'escalate', reason: 'touches the network' });
    expect(await settleApproval(bash('curl x'), state, escalate, undefined)).toEqual({
      refused: 'escalated',
      reason: 'touches the network (escalated; no human approver is configured)',
    });
  });

  it('asks the human approver about an escalation', async () => {
    const escalate = always({ decision: 'escalate', reason: 'why' });
    const reasons: string[] = [];
    const outcome = await settleApproval(
      bash('curl x'),
      state,
      escalate,
      (_call, _state, reason) => {
        reasons.push(reason);
        return Promise.resolve({ decision: 'deny', reason: 'no' });
      },
    );
    expect(reasons).toEqual(['why']);
    expect(outcome).toEqual({ refused: 'denied', reason: 'no' });
  });
});
