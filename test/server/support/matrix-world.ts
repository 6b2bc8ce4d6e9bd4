import { determinationSchema } from '../../../src/programme/index.js';
import { issueApiToken } from '../../../src/server/auth/api-token.js';
import {
  benchmarkCompartment,
  benchmarkMarking,
  criteriaCompartment,
  criteriaMarking,
  developerCompartment,
  submissionCompartment,
} from '../../../src/server/authorization/markings.js';
import { programmeOffice } from '../../../src/server/bootstrap.js';
import { itemsDigest } from '../../../src/server/jobs/sealed-benchmark-task.js';
import { newId } from '../../../src/server/routes/shared/new-id.js';
import { scopesOfRole } from '../../../src/server/routes/token-routes.js';
import type { MatrixRole } from '../authorization-table.js';
import { TestClient } from './test-client.js';
import type { TestService, TestUser } from './test-service.js';
import { text } from './json-path.js';

/** One person the matrix acts as. */
export interface MatrixActor {
  readonly label: string;
  readonly role: MatrixRole;
  /** On the submission's own side: its developer, an assigned agency, an active partner. */
  readonly own: boolean;
  /** Read into every compartment of the objects probed. */
  readonly held: boolean;
  readonly userId: string;
  readonly client: TestClient;
}

/** The objects the probes act on. */
export interface MatrixWorld {
  readonly service: TestService;
  readonly actors: readonly MatrixActor[];
  readonly ids: {
    readonly submission: string;
    readonly criteria: string;
    readonly determination: string;
    readonly run: string;
    readonly job: string;
    readonly approval: string;
    readonly partner: string;
    readonly grant: string;
    readonly target: string;
    readonly worker: string;
    readonly benchmark: string;
  };
}

const acme = 'org.acme';
const other = 'org.other';
const partnerA = 'org.partner-a';
const partnerB = 'org.partner-b';
/** Nominated and approved by the probes; never the "other side" partner, so probes change no verdict. */
const partnerC = 'org.partner-c';

/** Where each role works, on the submission's side and off it. */
const organisations: Readonly<Record<MatrixRole, { own: string; other?: string }>> = {
  developer_admin: { own: acme, other },
  developer_member: { own: acme, other },
  agency_lead: { own: 'agency.cisa', other: 'agency.treasury' },
  agency_evaluator: { own: 'agency.cisa', other: 'agency.treasury' },
  partner_user: { own: partnerA, other: partnerB },
  adjudicator: { own: programmeOffice.id },
  coordinator: { own: programmeOffice.id },
  security_officer: { own: programmeOffice.id },
  auditor: { own: programmeOffice.id },
  worker: { own: programmeOffice.id },
};

/**
 * A programme with one submission of Acme (submitted, access granted, CISA assigned, one active
 * partner), a criteria version, a determination, a run, a queued job, a pending approval by
 * someone outside the matrix, and every role in every variant: own side or not, read into the
 * compartments or not. Everyone is cleared TOP SECRET, has accepted the agreement and holds
 * need-to-know grants, so the variants differ only where the matrix says.
 */
export async function buildMatrixWorld(service: TestService): Promise<MatrixWorld> {
  const { data, clock } = service;
  const now = () => clock.now().toISOString();
  // Records made outside the matrix are made in the name of the bootstrap's security officer.
  const seedUser = (await data.accounts.findByUsername('admin'))?.user.id ?? 'user-missing';
  await service.developer(acme, 'Acme');
  await service.developer(other, 'Other AI');
  await data.organisations.insert(
    { id: partnerA, kind: 'partner', name: 'Partner A', sector: 'energy' },
    now(),
  );
  await data.organisations.insert(
    { id: partnerB, kind: 'partner', name: 'Partner B', sector: 'water_and_wastewater' },
    now(),
  );
  await data.organisations.insert(
    { id: partnerC, kind: 'partner', name: 'Partner C', sector: 'dams' },
    now(),
  );

  const creator = await service.user({
    role: 'developer_admin',
    organisationId: acme,
    clearance: 'CUI',
    compartments: [developerCompartment(acme)],
    grants: [`compartment:${developerCompartment(acme)}`],
  });
  const created = await creator.client.post('/api/submissions', { model: { name: 'Probe model' } });
  const submission = text(created, 'submission.id');
  await creator.client.post(`/api/submissions/${submission}/submit`);
  await creator.client.put(`/api/submissions/${submission}/access-grant`, {
    model: 'openai/probe',
    baseUrl: 'http://127.0.0.1:9/v1',
    apiKey: 'probe-key',
  });
  const compartments = [
    developerCompartment(acme),
    submissionCompartment(submission),
    criteriaCompartment,
  ].sort();

  await data.assignments.insert({
    id: newId('assign'),
    submissionId: submission,
    track: 'digital_infrastructure',
    agencyId: 'agency.cisa',
    assignedBy: seedUser,
    assignedAt: now(),
  });
  const past = new Date(clock.now().getTime() - 86_400_000).toISOString();
  await data.partners.insert({
    id: newId('partner'),
    submissionId: submission,
    partnerOrganisationId: partnerA,
    governmentPeriodEndsAt: past,
    governmentApproval: { approvedBy: seedUser, approvedAt: past },
    developerApproval: { approvedBy: creator.account.user.id, approvedAt: past },
  });
  const partner = newId('partner');
  await data.partners.insert({
    id: partner,
    submissionId: submission,
    partnerOrganisationId: partnerC,
    governmentPeriodEndsAt: new Date(clock.now().getTime() + 30 * 86_400_000).toISOString(),
  });

  const criteria = newId('criteria');
  const marking = criteriaMarking(programmeOffice.id);
  await data.criteria.draft(
    {
      id: criteria,
      version: 1,
      title: 'Probe criteria',
      declarations: { metrics: ['cyber.knowledge.accuracy'], facts: {} },
      tiers: {
        alert: [],
        designate: [{ id: 'strong', expression: 'lower(cyber.knowledge.accuracy) >= 0.5' }],
      },
      marking,
      draftedBy: seedUser,
      draftedAt: now(),
      signatures: [],
    },
    service.sealed,
  );

  const benchmark = newId('bench');
  const items = '{"input": "Probe?", "choices": ["yes", "no"], "target": "A"}';
  await data.benchmarks.insert(
    {
      id: benchmark,
      name: 'sealed.matrix',
      version: 1,
      title: 'Matrix items',
      track: 'digital_infrastructure',
      marking: benchmarkMarking(programmeOffice.id),
      itemCount: 1,
      digest: itemsDigest(items),
      inBattery: true,
      uploadedBy: seedUser,
      uploadedAt: now(),
    },
    { format: 'jsonl', items, task: { epochs: 1, reducer: 'mean', limits: {}, config: {} } },
    service.sealed,
  );

  const record = await data.submissions.get(submission);
  if (record === undefined) throw new Error('the probe submission is missing');
  const determination = newId('det');
  const determinationMarking = {
    level: 'SECRET' as const,
    compartments,
    controls: ['PROPRIETARY' as const, 'SEALED' as const],
    ownerId: programmeOffice.id,
  };
  await data.determinations.record(
    determinationSchema.parse({
      id: determination,
      modelId: record.submission.modelId,
      developerOrganisationId: acme,
      submissionId: submission,
      inputs: { metrics: {}, facts: {}, runIds: [] },
      evaluation: {
        criteriaVersionId: criteria,
        criteriaVersion: 1,
        outcome: 'insufficient_evidence',
        rules: [],
        missingInputs: ['cyber.knowledge.accuracy'],
      },
      adjudicatorId: seedUser,
      determinedAt: now(),
      marking: determinationMarking,
    }),
    service.sealed,
  );
  const run = newId('run');
  await data.runs.insert({
    run: {
      id: run,
      modelId: record.submission.modelId,
      submissionId: submission,
      suite: 'cyber.knowledge',
      logPath: 'battery/none.vigil.jsonl',
      status: 'succeeded',
      metrics: { 'cyber.knowledge.accuracy': { value: 0.7, lower: 0.5, upper: 0.85 } },
      queuedAt: now(),
    },
    requestedBy: seedUser,
    requestedByRole: 'coordinator',
  });
  const job = await service.queue.enqueue({
    kind: 'designation-battery',
    payload: { submissionId: submission, requestedBy: seedUser },
  });

  // A request outside the matrix, for the security officer to decide.
  const requester = await service.user({ role: 'coordinator', organisationId: programmeOffice.id });
  const approval = newId('approval');
  await data.approvals.insert({
    id: approval,
    request: {
      action: 'credential.unmask',
      objectId: `credential:${submission}`,
      submissionId: submission,
      reason: 'probe',
    },
    requesterId: requester.account.user.id,
    requesterRole: 'coordinator',
    requestedAt: now(),
    expiresAt: new Date(clock.now().getTime() + 86_400_000).toISOString(),
    status: 'pending',
  });
  const target = await service.user({ role: 'developer_member', organisationId: other });
  const grant = await service.grant(
    target.account.user.id,
    `compartment:${developerCompartment(other)}`,
  );

  const actors: MatrixActor[] = [];
  const worker = await data.accounts.findByUsername('worker');
  for (const role of Object.keys(organisations) as MatrixRole[]) {
    const places = organisations[role];
    const sides = places.other === undefined ? [true] : [true, false];
    for (const own of sides) {
      for (const held of [true, false]) {
        const organisationId = own ? places.own : (places.other ?? places.own);
        const spec = {
          role,
          organisationId,
          clearance: 'TOP_SECRET' as const,
          compartments: held ? [...compartments, benchmarkCompartment].sort() : [],
          grants: [
            submission,
            `compartment:${developerCompartment(acme)}`,
            `compartment:${criteriaCompartment}`,
            `compartment:${benchmarkCompartment}`,
          ],
        };
        const label = `${role}${places.other === undefined ? '' : own ? ' (own side)' : ' (other side)'}${held ? ' read in' : ' not read in'}`;
        if (role === 'worker') {
          actors.push(await workerActor(service, label, own, held, spec));
          continue;
        }
        const user: TestUser = await service.user(spec);
        actors.push({ label, role, own, held, userId: user.account.user.id, client: user.client });
      }
    }
  }
  return {
    service,
    actors,
    ids: {
      submission,
      criteria,
      determination,
      run,
      job: job.id,
      approval,
      partner,
      grant: grant.id,
      target: target.account.user.id,
      worker: worker?.user.id ?? '',
      benchmark,
    },
  };
}

/** A worker identity with an API token carrying every scope a worker may hold. */
async function workerActor(
  service: TestService,
  label: string,
  own: boolean,
  held: boolean,
  spec: Parameters<TestService['user']>[0],
): Promise<MatrixActor> {
  const user = await service.user(spec);
  const issued = issueApiToken();
  await service.data.apiTokens.insert({
    id: issued.id,
    userId: user.account.user.id,
    name: 'matrix worker',
    digest: issued.digest,
    scopes: [...scopesOfRole('worker')],
    createdAt: service.clock.now().toISOString(),
    expiresAt: new Date(service.clock.now().getTime() + 86_400_000).toISOString(),
  });
  return {
    label,
    role: 'worker',
    own,
    held,
    userId: user.account.user.id,
    client: new TestClient(service.app, { bearer: issued.token }),
  };
}
