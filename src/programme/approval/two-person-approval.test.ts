import { describe, expect, it } from 'vitest';
import { acmeMarking, makeUser, testNow } from '../testing/programme-fixtures.js';
import { addDays } from '../time/timestamp.js';
import { approvalRequestSchema, type ApprovalRequest } from './approval-request.js';
import {
  decideApproval,
  findUsableApproval,
  requestApproval,
  useApproval,
} from './two-person-approval.js';

const lead = makeUser('agency_lead');
const officer = makeUser('security_officer');
const unmask = {
  action: 'credential.unmask',
  submissionId: 'sub.1',
  objectId: 'credential.1',
  reason: 'endpoint broke',
};

function requested(input: unknown = unmask, requester = lead): ApprovalRequest {
  const result = requestApproval('approval.1', input, requester, testNow);
  if (!result.ok) throw result.error;
  return result.value;
}

function approved(): ApprovalRequest {
  const result = decideApproval(requested(), officer, true, testNow, 'checked with the developer');
  if (!result.ok) throw result.error;
  return result.value;
}

describe('two-person approvals', () => {
  it('opens a pending request that expires after a day', () => {
    const request = requested();
    expect(approvalRequestSchema.parse(request)).toEqual(request);
    expect(request).toMatchObject({
      status: 'pending',
      requesterId: lead.id,
      expiresAt: addDays(testNow, 1),
    });
  });

  it('is approved by a different person with the approving role', () => {
    expect(approved()).toMatchObject({
      status: 'approved',
      decision: {
        deciderId: officer.id,
        deciderRole: 'security_officer',
        approved: true,
        comment: 'checked with the developer',
      },
    });
    const rejected = decideApproval(requested(), officer, false, testNow);
    expect(rejected.ok && rejected.value.status).toBe('rejected');
  });

  it('never lets the requester approve their own request, whatever their role', () => {
    const ownByLead = decideApproval(requested(), lead, true, testNow);
    expect(!ownByLead.ok && ownByLead.error.code).toBe('self_approval');
    const secondOfficer = makeUser('coordinator', { id: 'user.dual' });
    const byCoordinator = requested(unmask, secondOfficer);
    const self = decideApproval(byCoordinator, secondOfficer, true, testNow);
    expect(!self.ok && self.error.code).toBe('self_approval');
  });

  it('refuses deciders without the approving role, decided and expired requests', () => {
    const byAdjudicator = decideApproval(requested(), makeUser('adjudicator'), true, testNow);
    expect(!byAdjudicator.ok && byAdjudicator.error.code).toBe('approver_role');
    const twice = decideApproval(
      approved(),
      makeUser('security_officer', { id: 'user.so2' }),
      true,
      testNow,
    );
    expect(!twice.ok && twice.error.code).toBe('not_pending');
    const late = decideApproval(requested(), officer, true, addDays(testNow, 2));
    expect(!late.ok && late.error.code).toBe('expired');
  });

  it('refuses bulk export outright, and malformed or misdirected requests', () => {
    const bulk = requestApproval(
      'a',
      { action: 'export.bulk', objectId: 'all', reason: 'archive' },
      lead,
      testNow,
    );
    expect(!bulk.ok && bulk.error.code).toBe('bulk_export_refused');
    const malformed = requestApproval('a', { action: 'credential.unmask' }, lead, testNow);
    expect(!malformed.ok && malformed.error.code).toBe('invalid_request');
    expect(!malformed.ok && malformed.error.message).toContain('field objectId');
    expect(requestApproval('a', null, lead, testNow).ok).toBe(false);
    const byEvaluator = requestApproval('a', unmask, makeUser('agency_evaluator'), testNow);
    expect(!byEvaluator.ok && byEvaluator.error.code).toBe('requester_role');
    const byDeveloper = requestApproval(
      'a',
      { ...unmask, action: 'transcripts.export' },
      makeUser('developer_admin'),
      testNow,
    );
    expect(!byDeveloper.ok && byDeveloper.error.code).toBe('requester_role');
  });

  it('needs a marking change to be a real downgrade', () => {
    const from = acmeMarking({ level: 'SECRET' });
    const lower = {
      action: 'marking.lower',
      objectId: 'finding.1',
      reason: 'patched',
      from,
      to: acmeMarking(),
    };
    expect(requested(lower).status).toBe('pending');
    const raise = requestApproval(
      'a',
      { ...lower, to: { ...from, level: 'TOP_SECRET' } },
      lead,
      testNow,
    );
    expect(!raise.ok && raise.error.code).toBe('not_a_downgrade');
  });

  it('is usable once, by its requester, for exactly its action and object, before it expires', () => {
    const approval = approved();
    const target = {
      userId: lead.id,
      action: 'credential.unmask' as const,
      objectId: 'credential.1',
      submissionId: 'sub.1',
    };
    expect(findUsableApproval([approval], target, testNow)).toBe(approval);
    expect(findUsableApproval([requested()], target, testNow)).toBeUndefined();
    expect(
      findUsableApproval([approval], { ...target, userId: officer.id }, testNow),
    ).toBeUndefined();
    expect(
      findUsableApproval([approval], { ...target, action: 'transcripts.export' }, testNow),
    ).toBeUndefined();
    expect(
      findUsableApproval([approval], { ...target, objectId: 'credential.2' }, testNow),
    ).toBeUndefined();
    expect(
      findUsableApproval([approval], { ...target, submissionId: 'sub.2' }, testNow),
    ).toBeUndefined();
    expect(findUsableApproval([approval], target, addDays(testNow, 1))).toBeUndefined();
    const used = useApproval(approval, testNow);
    expect(used.ok && used.value).toMatchObject({ status: 'used', usedAt: testNow });
    expect(used.ok && findUsableApproval([used.value], target, testNow)).toBeUndefined();
    const reuse = used.ok ? useApproval(used.value, testNow) : undefined;
    expect(reuse?.ok === false && reuse.error.code).toBe('not_approved');
    const expired = useApproval(approval, addDays(testNow, 2));
    expect(!expired.ok && expired.error.code).toBe('expired');
  });

  it('does not count an approval whose recorded decider is the requester', () => {
    const approval = approved();
    const forged = { ...approval, decision: { ...approval.decision!, deciderId: lead.id } };
    expect(
      findUsableApproval(
        [forged],
        {
          userId: lead.id,
          action: 'credential.unmask',
          objectId: 'credential.1',
          submissionId: 'sub.1',
        },
        testNow,
      ),
    ).toBeUndefined();
  });
});
