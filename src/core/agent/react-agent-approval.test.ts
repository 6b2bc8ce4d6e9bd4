import { describe, expect, it } from 'vitest';
import { FakeSandbox } from '../../../test/support/fake-sandbox.js';
import { bash, runAgent, submit, toolMessages } from '../../../test/support/react-agent-harness.js';
import type { ApprovalPolicy } from './approval.js';

describe('reactAgent', () => {
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
});
