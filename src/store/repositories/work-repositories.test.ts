import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { rejection } from '../../../test/support/errors.js';
import { describeEachBackend } from '../../../test/support/store-backends.js';
import type { ApprovalRequest, EvaluationRun, TrustedPartner } from '../../programme/index.js';
import {
  decideApproval,
  partnerStatus,
  requestApproval,
  useApproval,
} from '../../programme/index.js';
import {
  acmeId,
  acmeMarking,
  acmeModel,
  eventFactory,
  makeUser,
  partnerOrganisationId,
  testNow,
} from '../../programme/testing/programme-fixtures.js';
import { StoreQueryError } from '../errors/store-query-error.js';
import { UniqueViolationError } from '../errors/unique-violation-error.js';
import type { Store } from '../store.js';
import { seedProgramme } from '../testing/programme-seed.js';
import { repositories } from './repositories.js';

async function withSubmission(store: Store): Promise<void> {
  await seedProgramme(store);
  await repositories(store.db).submissions.record(
    eventFactory('sub.1')('submission-drafted', {
      developerOrganisationId: acmeId,
      modelId: acmeModel.id,
    }),
    testNow,
    { marking: acmeMarking() },
  );
}

function unwrap<Value>(result: { ok: true; value: Value } | { ok: false; error: Error }): Value {
  if (!result.ok) throw result.error;
  return result.value;
}

describeEachBackend('work repositories', (backend) => {
  it('keep track assignments, once per agency and track', async () => {
    const store = await backend.open();
    await withSubmission(store);
    const { assignments } = repositories(store.db);
    const assignment = {
      id: 'assign.1',
      submissionId: 'sub.1',
      track: 'digital_infrastructure',
      agencyId: 'agency.cisa',
      assignedBy: 'user.coordinator',
      assignedAt: testNow,
    } as const;
    await assignments.insert(assignment);
    await assignments.insert({
      ...assignment,
      id: 'assign.2',
      track: 'insider_risks',
      agencyId: 'agency.war-nsa',
    });
    expect(await assignments.listFor('sub.1')).toHaveLength(2);
    expect(await assignments.listForAgency('agency.cisa')).toEqual([assignment]);
    expect(
      await rejection(() => assignments.insert({ ...assignment, id: 'assign.3' })),
    ).toBeInstanceOf(UniqueViolationError);
  });

  it('keep trusted partners with one approval per side', async () => {
    const store = await backend.open();
    await withSubmission(store);
    const { partners } = repositories(store.db);
    const partner: TrustedPartner = {
      id: 'partner.1',
      submissionId: 'sub.1',
      partnerOrganisationId,
      governmentPeriodEndsAt: '2026-07-10T00:00:00.000Z',
    };
    await partners.insert(partner);
    expect(partnerStatus((await partners.get('partner.1'))!, testNow)).toBe('awaiting_both');
    await partners.approve('partner.1', 'government', 'user.agency_lead', testNow);
    await partners.approve('partner.1', 'developer', 'user.developer_admin', testNow);
    const approved = await partners.get('partner.1');
    expect(approved).toEqual({
      ...partner,
      governmentApproval: { approvedBy: 'user.agency_lead', approvedAt: testNow },
      developerApproval: { approvedBy: 'user.developer_admin', approvedAt: testNow },
    });
    expect(partnerStatus(approved!, '2026-07-11T00:00:00.000Z')).toBe('active');
    expect(
      await rejection(() =>
        partners.approve('partner.1', 'developer', 'user.developer_member', testNow),
      ),
    ).toBeInstanceOf(UniqueViolationError);
    expect(await partners.revoke('partner.1', testNow)).toBe(true);
    expect((await partners.listFor('sub.1'))[0]?.revokedAt).toBe(testNow);
  });

  it('keep runs and their progress', async () => {
    const store = await backend.open();
    await withSubmission(store);
    const { runs } = repositories(store.db);
    const queued: EvaluationRun = {
      id: 'run.1',
      modelId: acmeModel.id,
      submissionId: 'sub.1',
      suite: 'cyber.ctf',
      track: 'digital_infrastructure',
      logPath: 'runs/run.1.jsonl',
      status: 'queued',
      metrics: {},
      queuedAt: testNow,
    };
    await runs.insert(queued);
    const finished: EvaluationRun = {
      ...queued,
      status: 'succeeded',
      startedAt: '2026-07-01T12:01:00.000Z',
      finishedAt: '2026-07-01T12:30:00.000Z',
      metrics: { 'cyber.ctf.pass_at_12': { value: 0.25, lower: 0.12, upper: 0.4 } },
    };
    expect(await runs.update(finished)).toBe(true);
    expect(await runs.get('run.1')).toEqual(finished);
    expect(await runs.listForModel(acmeModel.id)).toEqual([finished]);
    expect(await runs.listForSubmission('sub.1')).toEqual([finished]);
    expect(await runs.update({ ...finished, id: 'run.none' })).toBe(false);
  });

  it('keep who asked for a run, the job that ran it, and why it failed', async () => {
    const store = await backend.open();
    await withSubmission(store);
    const { runs } = repositories(store.db);
    const run: EvaluationRun = {
      id: 'run.1',
      modelId: acmeModel.id,
      submissionId: 'sub.1',
      suite: 'cyber.knowledge',
      logPath: 'battery/run.1.jsonl',
      status: 'running',
      metrics: {},
      queuedAt: testNow,
      startedAt: testNow,
    };
    const provenance = {
      jobId: 'job-1',
      requestedBy: 'user.coordinator',
      requestedByRole: 'coordinator' as const,
    };
    await runs.insert(run, provenance);
    await runs.insert({ ...run, id: 'run.2', submissionId: 'sub.1' });
    expect(await runs.record('run.1')).toEqual({ run, ...provenance });
    const failed: EvaluationRun = {
      ...run,
      status: 'failed',
      finishedAt: '2026-07-01T12:10:00.000Z',
    };
    expect(await runs.update(failed, { error: 'the model did not answer' })).toBe(true);
    expect(await runs.recordsForSubmission('sub.1')).toEqual([
      { run: failed, ...provenance, error: 'the model did not answer' },
      { run: { ...run, id: 'run.2' } },
    ]);
    expect(await runs.record('run.none')).toBeUndefined();

    const withoutRole = await rejection(() =>
      runs.insert({ ...run, id: 'run.3' }, { requestedBy: 'user.coordinator' }),
    );
    expect((withoutRole as StoreQueryError).constraint).toBe('runs_requester_with_role');
    const unknownUser = await rejection(() =>
      runs.insert(
        { ...run, id: 'run.4' },
        { requestedBy: 'user.nobody', requestedByRole: 'coordinator' },
      ),
    );
    expect((unknownUser as StoreQueryError).sqlState).toBe('23503');
    const tooLong = await rejection(() => runs.update(failed, { error: 'x'.repeat(2001) }));
    expect((tooLong as StoreQueryError).sqlState).toBe('23514');
  });

  it('keep two-person approvals: one decision, one use, never by the requester', async () => {
    const store = await backend.open();
    await withSubmission(store);
    const { approvals } = repositories(store.db);
    const requester = makeUser('agency_lead');
    const request = unwrap(
      requestApproval(
        'approval.1',
        {
          action: 'transcripts.export',
          submissionId: 'sub.1',
          objectId: 'run.1',
          reason: 'share with CISA',
        },
        requester,
        testNow,
      ),
    );
    await approvals.insert(request);
    expect(await approvals.get('approval.1')).toEqual(request);

    const approved = unwrap(
      decideApproval(request, makeUser('security_officer'), true, testNow, 'fine'),
    );
    const rejected = unwrap(
      decideApproval(
        request,
        makeUser('security_officer', { id: 'user.officer.2' }),
        false,
        testNow,
      ),
    );
    expect(await approvals.saveDecision(approved)).toBe(true);
    expect(await approvals.saveDecision(rejected)).toBe(false);
    const used = unwrap(useApproval(approved, '2026-07-01T12:05:00.000Z'));
    expect(await approvals.saveUse(used)).toBe(true);
    expect(await approvals.saveUse(used)).toBe(false);
    expect(await approvals.listForObject('run.1')).toEqual([used]);

    const selfDecided: ApprovalRequest = {
      ...approved,
      id: 'approval.2',
      decision: { ...approved.decision!, deciderId: requester.id },
    };
    const refused = await rejection(() => approvals.insert(selfDecided));
    expect(refused).toBeInstanceOf(StoreQueryError);
    expect((refused as StoreQueryError).sqlState).toBe('23514');
    const count = await sql<{ count: number }>`select count(*) as count from approvals`.execute(
      store.db,
    );
    expect(count.rows[0]?.count).toBe(1);
  });

  it('list approval requests newest first, all of them or one requester’s', async () => {
    const store = await backend.open();
    await withSubmission(store);
    const { approvals } = repositories(store.db);
    const lead = makeUser('agency_lead');
    const coordinator = makeUser('coordinator');
    const ask = (id: string, requester: typeof lead, at: string) =>
      unwrap(
        requestApproval(
          id,
          {
            action: 'credential.unmask',
            submissionId: 'sub.1',
            objectId: 'credential:sub.1',
            reason: 'check',
          },
          requester,
          at,
        ),
      );
    await approvals.insert(ask('approval.1', lead, testNow));
    await approvals.insert(ask('approval.2', coordinator, '2026-07-01T12:01:00.000Z'));
    await approvals.insert(ask('approval.3', lead, '2026-07-01T12:02:00.000Z'));
    expect((await approvals.list()).map((each) => each.id)).toEqual([
      'approval.3',
      'approval.2',
      'approval.1',
    ]);
    expect((await approvals.listByRequester(lead.id)).map((each) => each.id)).toEqual([
      'approval.3',
      'approval.1',
    ]);
    expect(await approvals.listByRequester('user.nobody')).toEqual([]);
  });
});
