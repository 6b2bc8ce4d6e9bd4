import type { CliIo } from '../../cli/cli-io.js';
import { addDays, type NeedToKnowGrant } from '../../programme/index.js';
import { compileCriteria } from '../../programme/criteria/compile-criteria.js';
import { createAccount } from '../accounts.js';
import {
  benchmarkCompartment,
  criteriaCompartment,
  criteriaMarking,
  developerCompartment,
  submissionCompartment,
  submissionMarking,
} from '../authorization/markings.js';
import { programmeData } from '../data/programme-data.js';
import type { Account, CriteriaRecord } from '../data/records.js';
import { batteryJobKind } from '../jobs/battery-job-kind.js';
import type { RunningService } from '../open-service.js';
import { newId } from '../routes/shared/new-id.js';
import {
  createSubmission,
  recordSubmissionEvent,
  type EventActor,
} from '../routes/shared/record-event.js';
import { programmeOffice } from '../bootstrap.js';

import { seedDemoBenchmark } from './demo-benchmark.js';
import { runDemoTrackEvaluation, waitForJob } from './demo-jobs.js';
import { audit, determine, say } from './demo-determination.js';
import {
  demoCriteria,
  demoDeveloperId,
  demoPartnerId,
  demoPeople,
  seedSource,
} from './demo-programme.js';

/**
 * Seeds a demo programme into a fresh service, acting as each person would (every step in the
 * audit trail, with the source "demo seed"): a developer organisation and a partner, one user
 * per role with one-time passwords, criteria signed by the three required agencies, and a
 * submission of a reference model that goes through the designation battery for real. Does
 * nothing when the demo was seeded before.
 */
export async function seedDemoProgramme(
  service: RunningService,
  io: CliIo,
  signal: AbortSignal,
): Promise<void> {
  const services = service.services;
  const data = programmeData(services.store.db);
  if ((await data.organisations.get(demoDeveloperId)) !== undefined) {
    say(
      io,
      'Demo programme: already seeded (its one-time passwords were shown at the first start).',
    );
    return;
  }
  const now = () => services.clock.now().toISOString();
  const cost = services.options.passwordHashCost;

  // Organisations and people.
  await data.organisations.insert(
    { id: demoDeveloperId, kind: 'developer', name: 'Acme AI (demo)' },
    now(),
  );
  await data.organisations.insert(
    { id: demoPartnerId, kind: 'partner', name: 'GridCo Energy (demo)', sector: 'energy' },
    now(),
  );
  const people = new Map<string, { account: Account; password: string | undefined }>();
  for (const person of demoPeople) {
    const created = await createAccount(data, { ...person }, { cost, now: now() });
    people.set(person.username, { account: created.account, password: created.oneTimePassword });
    await audit(services, created.account.user.id, 'account.create', created.account.user.id, {
      role: person.role,
    });
  }
  const account = (username: string): Account => {
    const entry = people.get(username);
    if (entry === undefined) throw new Error(`no demo user ${username}`);
    return entry.account;
  };
  const actor = (username: string): EventActor => ({
    userId: account(username).user.id,
    source: seedSource,
    requestId: 'demo',
  });

  // Criteria: drafted by the coordinator, signed by the three required agencies' leads.
  const criteriaId = newId('criteria');
  const marking = criteriaMarking(programmeOffice.id);
  const signedAt = now();
  const signatures = ['lead-treasury', 'lead-war', 'lead-cisa'].map((username) => ({
    agencyId: account(username).user.organisationId,
    signerId: account(username).user.id,
    signedAt,
  }));
  const version = {
    id: criteriaId,
    version: 1,
    ...demoCriteria,
    marking,
    draftedBy: account('coordinator').user.id,
    draftedAt: now(),
    signatures,
  };
  if (!compileCriteria(version).ok) throw new Error('the demo criteria do not compile');
  const criteria: CriteriaRecord = {
    id: criteriaId,
    version: 1,
    title: demoCriteria.title,
    marking,
    draftedBy: version.draftedBy,
    draftedAt: version.draftedAt,
    signatures,
  };
  await data.criteria.draft(version, services.sealed);
  await audit(services, version.draftedBy, 'criteria.draft', criteriaId, { version: 1 });
  for (const signature of signatures)
    await audit(services, signature.signerId, 'criteria.sign', criteriaId, {
      agencyId: signature.agencyId,
    });

  // The developer opts its model in and grants access.
  const submissionId = newId('sub');
  const developerMarking = submissionMarking(demoDeveloperId);
  await createSubmission(services, actor('dev-admin'), {
    event: {
      type: 'submission-drafted',
      submissionId,
      actorId: account('dev-admin').user.id,
      at: now(),
      reason: 'opted in for the demo',
      developerOrganisationId: demoDeveloperId,
      modelId: newId('model'),
    },
    model: { name: 'Acme Frontier (reference model)', inDevelopment: true },
    marking: developerMarking,
  });
  await recordSubmissionEvent(services, actor('dev-admin'), submissionId, (_record, at) => ({
    type: 'submission-submitted',
    submissionId,
    actorId: account('dev-admin').user.id,
    at,
    reason: 'submitted for the demo',
  }));
  const credential = { model: 'mock/scripted', apiKey: 'demo-key' };
  await data.submissions.grantAccess(
    submissionId,
    {
      id: newId('grant'),
      model: credential.model,
      grantedBy: account('dev-admin').user.id,
      at: now(),
    },
    JSON.stringify(credential),
    services.sealed,
  );
  await audit(services, account('dev-admin').user.id, 'credential.store', submissionId, {
    model: credential.model,
  });

  // The security officer clears people and grants need-to-know.
  const devCompartment = developerCompartment(demoDeveloperId);
  const subCompartment = submissionCompartment(submissionId);
  const officer = account('officer');
  const clear = async (target: Account, compartments: readonly string[]) => {
    await data.accounts.setClearance(
      target.user.id,
      { level: target.user.clearance, compartments: [...compartments].sort() },
      officer.user.id,
      now(),
    );
    await audit(services, officer.user.id, 'clearance.set', target.user.id, {
      compartments: [...compartments],
    });
  };
  const grant = async (target: Account, scope: NeedToKnowGrant['scope']) => {
    const record: NeedToKnowGrant = {
      id: newId('grant'),
      userId: target.user.id,
      scope,
      validFrom: now(),
      validUntil: addDays(now(), 90),
      issuedBy: officer.user.id,
      issuedAt: now(),
      reason: 'demo programme',
    };
    await data.grants.insert(record);
    await audit(services, officer.user.id, 'grant.issue', record.id, { userId: target.user.id });
  };
  for (const username of ['dev-admin', 'dev-member']) {
    await clear(account(username), [devCompartment]);
    await grant(account(username), { kind: 'compartment', compartment: devCompartment });
  }
  for (const username of [
    'lead-treasury',
    'lead-war',
    'lead-cisa',
    'evaluator-cisa',
    'adjudicator',
    'coordinator',
  ]) {
    await clear(account(username), [criteriaCompartment, devCompartment, subCompartment]);
    await grant(account(username), { kind: 'compartment', compartment: devCompartment });
    await grant(account(username), { kind: 'compartment', compartment: criteriaCompartment });
  }
  // Sealed benchmarks: the coordinator curates them, the CISA lead reads them, the worker runs them.
  for (const username of ['coordinator', 'lead-cisa']) {
    await clear(account(username), [
      benchmarkCompartment,
      criteriaCompartment,
      devCompartment,
      subCompartment,
    ]);
    await grant(account(username), { kind: 'compartment', compartment: benchmarkCompartment });
  }
  const worker = await data.accounts.get(service.bootstrap.workerUserId);
  if (worker !== undefined) {
    await clear({ ...worker, user: { ...worker.user, clearance: 'SECRET' } }, [
      benchmarkCompartment,
      devCompartment,
      subCompartment,
    ]);
    await grant(worker, { kind: 'submission', submissionId });
    await grant(worker, { kind: 'compartment', compartment: benchmarkCompartment });
  }
  await seedDemoBenchmark(services, actor('coordinator'), account('coordinator'), io);
  await data.assignments.insert({
    id: newId('assign'),
    submissionId,
    track: 'digital_infrastructure',
    agencyId: 'agency.cisa',
    assignedBy: account('coordinator').user.id,
    assignedAt: now(),
  });
  await data.partners.insert({
    id: newId('partner'),
    submissionId,
    partnerOrganisationId: demoPartnerId,
    governmentPeriodEndsAt: addDays(now(), 14),
  });

  // Qualification: the designation battery runs against the model through the job runner.
  await recordSubmissionEvent(services, actor('coordinator'), submissionId, (_record, at) => ({
    type: 'qualification-started',
    submissionId,
    actorId: account('coordinator').user.id,
    at,
    reason: 'designation battery',
  }));
  const job = await services.queue.enqueue({
    kind: batteryJobKind,
    payload: { submissionId, requestedBy: account('coordinator').user.id },
    maxAttempts: 1,
  });
  say(
    io,
    `Demo programme: running the designation battery (job ${job.id}) against mock/scripted …`,
  );
  const settled = await waitForJob(service, job.id, signal);
  if (settled !== 'succeeded') {
    say(
      io,
      `  the battery ${settled}; the submission stays qualifying (see GET /api/jobs/${job.id})`,
    );
  } else {
    await determine(
      service,
      data,
      submissionId,
      criteria,
      actor('adjudicator'),
      account('adjudicator'),
      io,
    );
  }

  // The window is open: the CISA lead evaluates on the digital-infrastructure track.
  if ((await data.submissions.get(submissionId))?.submission.state === 'window_open') {
    await runDemoTrackEvaluation(
      service,
      submissionId,
      account('lead-cisa'),
      actor('lead-cisa'),
      io,
      signal,
    );
  }

  // What to do next.
  const record = await data.submissions.get(submissionId);
  say(io, '');
  say(io, `Demo submission ${submissionId}: ${record?.submission.state ?? 'unknown'}`);
  say(
    io,
    'Demo users (one-time passwords, shown once; each person then chooses a password, enrols',
  );
  say(io, 'an authenticator app and accepts the access agreement):');
  for (const person of demoPeople) {
    const entry = people.get(person.username);
    say(
      io,
      `  ${person.role.padEnd(17)} ${person.username.padEnd(15)} ${entry?.password ?? '(API token only)'}`,
    );
  }
}
