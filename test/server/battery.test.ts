import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { vigilRoot } from '../../src/config/build-info.js';
import { startJobRunner, type JobRunner } from '../../src/queue/job-runner.js';
import {
  developerCompartment,
  submissionCompartment,
} from '../../src/server/authorization/markings.js';
import { programmeOffice } from '../../src/server/bootstrap.js';
import { batteryJobHandler } from '../../src/server/jobs/battery-job.js';
import { batteryJobKind } from '../../src/server/jobs/battery-job-kind.js';
import { builtinBatterySuites } from '../../src/server/jobs/battery-suites.js';
import { credentialModelResolver } from '../../src/server/jobs/credential-model.js';
import { describeEachBackend } from '../support/store-backends.js';
import { useTempDir } from '../support/temp-dir.js';
import { at, text } from './support/json-path.js';
import type { TestClient } from './support/test-client.js';
import { openTestService, type TestService } from './support/test-service.js';

const logs = useTempDir('vigil-battery-logs-');

function startBattery(service: TestService, workerUserId: string): JobRunner {
  return startJobRunner({
    queue: service.queue,
    workerId: 'test-worker',
    idleMs: 50,
    handlers: {
      [batteryJobKind]: batteryJobHandler({
        services: service,
        workerUserId,
        logDir: logs.path,
        suites: builtinBatterySuites(['cyber.knowledge'], 10),
        resolveModel: credentialModelResolver({
          referenceModels: true,
          mockScript: join(vigilRoot(), 'examples', 'cyber-knowledge-answers.yaml'),
        }),
      }),
    },
  });
}

async function settledJob(client: TestClient, jobId: string) {
  for (let tries = 0; tries < 300; tries += 1) {
    const job = await client.get(`/api/jobs/${jobId}`);
    const status = at(job, 'status');
    if (status === 'succeeded' || status === 'failed') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${jobId} did not finish`);
}

describeEachBackend('the designation battery through the API', (backend) => {
  it('runs against the model through the sealed grant as the worker, records runs, and feeds the determination', async () => {
    const service = await openTestService(backend, { referenceModels: true, logDir: logs.path });
    const org = await service.developer('org.battery');
    const devCompartment = developerCompartment(org);
    const developer = await service.user({
      role: 'developer_admin',
      organisationId: org,
      clearance: 'CUI',
      compartments: [devCompartment],
      grants: [`compartment:${devCompartment}`],
    });
    const created = await developer.client.post('/api/submissions', {
      model: { name: 'Battery model' },
    });
    const id = text(created, 'submission.id');
    await developer.client.post(`/api/submissions/${id}/submit`);
    const apiKey = 'sk-battery-secret-123456';
    const granted = await developer.client.put(`/api/submissions/${id}/access-grant`, {
      model: 'mock/scripted',
      apiKey,
    });
    expect(granted.status, granted.text).toBe(200);
    expect(granted.text).not.toContain(apiKey);

    const government = [devCompartment, submissionCompartment(id), 'CRITERIA'];
    const grants = [`compartment:${devCompartment}`, 'compartment:CRITERIA'];
    const gov = (
      role: 'coordinator' | 'adjudicator' | 'security_officer',
      organisationId = programmeOffice.id,
    ) =>
      service.user({
        role,
        organisationId,
        clearance: 'TOP_SECRET',
        compartments: government,
        grants,
      });
    const coordinator = await gov('coordinator');
    const adjudicator = await gov('adjudicator');
    const officer = await gov('security_officer');
    const workerUserId = (await service.data.accounts.findByUsername('worker'))?.user.id ?? '';
    const runner = startBattery(service, workerUserId);
    try {
      // Without a grant the worker is refused, and the job says why and what to do.
      const refused = await coordinator.client.post(`/api/submissions/${id}/qualification`);
      expect(refused.status, refused.text).toBe(202);
      const failed = await settledJob(coordinator.client, text(refused, 'job.id'));
      expect(at(failed, 'status')).toBe('failed');
      expect(text(failed, 'error')).toMatch(
        /worker may not evaluation\.write.*security officer reads worker into/,
      );

      // The security officer clears the worker for this submission, through the API.
      const cleared = await officer.client.put(`/api/users/${workerUserId}/clearance`, {
        clearance: 'SECRET',
        compartments: [devCompartment, submissionCompartment(id)],
        reason: 'battery for this submission',
      });
      expect(cleared.status, cleared.text).toBe(200);
      const granted2 = await officer.client.post('/api/grants', {
        userId: workerUserId,
        scope: { kind: 'submission', submissionId: id },
        validUntil: new Date(service.clock.now().getTime() + 7 * 86_400_000).toISOString(),
        reason: 'designation battery',
      });
      expect(granted2.status, granted2.text).toBe(201);

      const again = await coordinator.client.post(`/api/submissions/${id}/battery`);
      expect(again.status, again.text).toBe(202);
      const done = await settledJob(coordinator.client, text(again, 'id'));
      expect(at(done, 'status'), done.text).toBe('succeeded');

      const runs = await adjudicator.client.get(`/api/submissions/${id}/runs`);
      const records = at(runs, 'runs') as {
        run: {
          id: string;
          status: string;
          logPath: string;
          metrics: Record<string, { value: number }>;
        };
      }[];
      const knowledge = records.find((record) => record.run.status === 'succeeded');
      expect(knowledge?.run.metrics['cyber.knowledge.accuracy']?.value).toBeCloseTo(0.7, 5);
      // The transcript rests sealed in the store, not as a file; opened, it is the whole log.
      await expect(readFile(join(logs.path, knowledge?.run.logPath ?? ''))).rejects.toThrow();
      const sealedRow = await service.store.db
        .selectFrom('sealed_values')
        .selectAll()
        .where('kind', '=', 'run-transcript')
        .where('object_id', '=', knowledge?.run.id ?? '')
        .executeTakeFirstOrThrow();
      expect(Buffer.from(sealedRow.ciphertext ?? []).toString('latin1')).not.toContain(
        'cyber.knowledge',
      );
      const log = await service.sealed.openText(
        { kind: 'run-transcript', objectId: knowledge?.run.id ?? '' },
        () => Promise.resolve(),
      );
      expect(log).toContain('"cyber.knowledge"');
      expect(log).not.toContain(apiKey);

      // Criteria drafted, signed by the three required agencies, then the determination.
      const draft = await coordinator.client.post('/api/criteria', {
        title: 'Knowledge criteria',
        declarations: { metrics: ['cyber.knowledge.accuracy'] },
        tiers: {
          designate: [{ id: 'strong', expression: 'lower(cyber.knowledge.accuracy) >= 0.3' }],
        },
      });
      expect(draft.status, draft.text).toBe(201);
      const criteriaId = text(draft, 'version.id');
      for (const agency of ['agency.treasury', 'agency.war-nsa', 'agency.cisa']) {
        const lead = await service.user({
          role: 'agency_lead',
          organisationId: agency,
          clearance: 'TOP_SECRET',
          compartments: ['CRITERIA'],
          grants: ['compartment:CRITERIA'],
        });
        const signed = await lead.client.post(`/api/criteria/${criteriaId}/sign`);
        expect(signed.status, signed.text).toBe(200);
      }
      const status = await developer.client.get('/api/programme/status');
      expect(at(status, 'activeCriteria.id')).toBe(criteriaId);
      const determination = await adjudicator.client.post('/api/determinations', {
        submissionId: id,
      });
      expect(determination.status, determination.text).toBe(201);
      expect(at(determination, 'determination.evaluation.outcome')).toBe('designate');
      const opened = await coordinator.client.post(`/api/submissions/${id}/window`, {});
      expect(at(opened, 'stateNow')).toBe('window_open');

      // The worker's read of the credential is on the record; the key is nowhere in the trail.
      const trail = await service.store.db.selectFrom('audit_records').selectAll().execute();
      const grant = await service.store.db
        .selectFrom('access_grants')
        .select('id')
        .where('submission_id', '=', id)
        .executeTakeFirstOrThrow();
      expect(
        trail.some(
          (record) =>
            record.actor === workerUserId &&
            record.action === 'sealed.read' &&
            record.object_id === `access-grant-credential:${grant.id}` &&
            record.outcome === 'ok',
        ),
      ).toBe(true);
      expect(JSON.stringify(trail)).not.toContain(apiKey);

      // Exporting the transcripts takes a second person's approval and unseals them, audited.
      const evaluator = await service.user({
        role: 'agency_evaluator',
        organisationId: 'agency.cisa',
        clearance: 'TOP_SECRET',
        compartments: government,
        grants,
      });
      const assigned = await coordinator.client.post(`/api/submissions/${id}/assignments`, {
        track: 'digital_infrastructure',
        agencyId: 'agency.cisa',
      });
      expect(assigned.status, assigned.text).toBe(201);
      const asked = await evaluator.client.post('/api/approvals', {
        action: 'transcripts.export',
        objectId: `transcripts:${id}`,
        submissionId: id,
        reason: 'review the battery transcripts',
      });
      expect(asked.status, asked.text).toBe(201);
      const decided = await officer.client.post(`/api/approvals/${text(asked, 'id')}/decide`, {
        approved: true,
      });
      expect(decided.status, decided.text).toBe(200);
      const exported = await evaluator.client.post(`/api/submissions/${id}/transcripts/export`);
      expect(exported.status, exported.text).toBe(200);
      const exportedRuns = at(exported, 'runs') as { log: string | null }[];
      expect(exportedRuns.some((run) => run.log?.includes('"cyber.knowledge"'))).toBe(true);
      const transcriptReads = await service.store.db
        .selectFrom('audit_records')
        .selectAll()
        .where('action', '=', 'sealed.read')
        .where('object_id', '=', `run-transcript:${knowledge?.run.id ?? ''}`)
        .execute();
      expect(transcriptReads.map((record) => record.actor)).toEqual([evaluator.account.user.id]);
    } finally {
      await runner.stop();
    }
  }, 120_000);

  it('does not run for a withdrawn submission: its credential is gone', async () => {
    const service = await openTestService(backend, { referenceModels: true, logDir: logs.path });
    const org = await service.developer('org.gone');
    const developer = await service.user({
      role: 'developer_admin',
      organisationId: org,
      clearance: 'CUI',
      compartments: [developerCompartment(org)],
      grants: [`compartment:${developerCompartment(org)}`],
    });
    const id = text(
      await developer.client.post('/api/submissions', { model: { name: 'Gone' } }),
      'submission.id',
    );
    await developer.client.post(`/api/submissions/${id}/submit`);
    await developer.client.put(`/api/submissions/${id}/access-grant`, {
      model: 'mock/scripted',
      apiKey: 'k',
    });
    const coordinator = await service.user({
      role: 'coordinator',
      organisationId: programmeOffice.id,
      clearance: 'TOP_SECRET',
      compartments: [developerCompartment(org)],
      grants: [`compartment:${developerCompartment(org)}`],
    });
    const started = await coordinator.client.post(`/api/submissions/${id}/qualification`);
    await developer.client.post(`/api/submissions/${id}/withdraw`);
    const workerUserId = (await service.data.accounts.findByUsername('worker'))?.user.id ?? '';
    const runner = startBattery(service, workerUserId);
    try {
      const job = await settledJob(developer.client, text(started, 'job.id'));
      expect(at(job, 'status')).toBe('failed');
      expect(text(job, 'error')).toContain('not qualifying');
      expect((await service.data.runs.list(id)).length).toBe(0);
    } finally {
      await runner.stop();
    }
  });
});
