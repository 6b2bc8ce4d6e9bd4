import { expect } from 'vitest';
import type { SubmissionState } from '../../../src/programme/index.js';
import {
  benchmarkCompartment,
  developerCompartment,
  submissionCompartment,
} from '../../../src/server/authorization/markings.js';
import { programmeOffice } from '../../../src/server/bootstrap.js';
import { advanceTo } from './lifecycle.js';
import { at, text } from './json-path.js';
import type { TestClient, TestResponse } from './test-client.js';
import type { TestService, TestUser } from './test-service.js';

/** A run as `GET /api/submissions/{id}/runs` lists it. */
export interface RunView {
  readonly run: {
    readonly id: string;
    readonly suite: string;
    readonly track: string;
    readonly status: string;
    readonly metrics: Record<string, { value: number }>;
  };
  readonly error?: string;
}

let counter = 0;

/**
 * A developer's submission of `model` (a credential the service can resolve: `mock/scripted`,
 * `reference/solution`, …), moved to `state` through the lifecycle's own events.
 */
export async function submissionOf(
  service: TestService,
  model: string,
  state: SubmissionState,
): Promise<{ id: string; developer: TestUser; compartments: string[] }> {
  counter += 1;
  const org = await service.developer(`org.eval-${String(counter)}`);
  const devCompartment = developerCompartment(org);
  const developer = await service.user({
    role: 'developer_admin',
    organisationId: org,
    clearance: 'CUI',
    compartments: [devCompartment],
    grants: [`compartment:${devCompartment}`],
  });
  const id = text(
    await developer.client.post('/api/submissions', {
      model: { name: `Model ${String(counter)}` },
    }),
    'submission.id',
  );
  const granted = await developer.client.put(`/api/submissions/${id}/access-grant`, { model });
  expect(granted.status, granted.text).toBe(200);
  await advanceTo(service, id, state);
  return { id, developer, compartments: [devCompartment, submissionCompartment(id)] };
}

/**
 * Clears the service's worker into the submission (and, with `benchmarks`, the sealed item sets)
 * as a security officer would; returns its user id.
 */
export async function clearWorker(
  service: TestService,
  submissionId: string,
  compartments: readonly string[],
  options: { readonly benchmarks?: boolean } = {},
): Promise<string> {
  const workerUserId = (await service.data.accounts.findByUsername('worker'))?.user.id ?? '';
  const officerId = (await service.data.accounts.findByUsername('admin'))?.user.id ?? '';
  await service.data.accounts.setClearance(
    workerUserId,
    {
      level: 'SECRET',
      compartments: [
        ...compartments,
        ...(options.benchmarks === true ? [benchmarkCompartment] : []),
      ],
    },
    officerId,
    service.clock.now().toISOString(),
  );
  await service.grant(workerUserId, submissionId);
  if (options.benchmarks === true) {
    await service.grant(workerUserId, `compartment:${benchmarkCompartment}`);
  }
  return workerUserId;
}

/** A coordinator of the programme office, read into the submission (and the sealed sets). */
export function coordinatorOf(
  service: TestService,
  submissionId: string,
  compartments: readonly string[],
): Promise<TestUser> {
  return service.user({
    role: 'coordinator',
    organisationId: programmeOffice.id,
    clearance: 'SECRET',
    compartments: [...compartments, benchmarkCompartment],
    grants: [submissionId, `compartment:${benchmarkCompartment}`],
  });
}

/** Assigns `agencyId` to `track` and makes one of its staff, read into the submission. */
export async function agencyStaffOn(
  service: TestService,
  coordinator: TestUser,
  submission: { readonly id: string; readonly compartments: readonly string[] },
  agencyId: string,
  track: string,
  options: {
    readonly role?: 'agency_evaluator' | 'agency_lead';
    readonly benchmarks?: boolean;
  } = {},
): Promise<TestUser> {
  const assignments = await coordinator.client.get(`/api/submissions/${submission.id}/assignments`);
  const held = (at(assignments, 'assignments') as { agencyId: string; track: string }[]).some(
    (assignment) => assignment.agencyId === agencyId && assignment.track === track,
  );
  if (!held) {
    const assigned = await coordinator.client.post(
      `/api/submissions/${submission.id}/assignments`,
      { track, agencyId },
    );
    expect(assigned.status, assigned.text).toBe(201);
  }
  const benchmarks = options.benchmarks === true;
  return service.user({
    role: options.role ?? 'agency_evaluator',
    organisationId: agencyId,
    clearance: 'SECRET',
    compartments: [...submission.compartments, ...(benchmarks ? [benchmarkCompartment] : [])],
    grants: [submission.id, ...(benchmarks ? [`compartment:${benchmarkCompartment}`] : [])],
  });
}

/** Waits for a job to succeed or fail, asking through the API (bounded: 60 s). */
export async function settledJob(client: TestClient, jobId: string): Promise<TestResponse> {
  for (let tries = 0; tries < 1200; tries += 1) {
    const job = await client.get(`/api/jobs/${jobId}`);
    const status = at(job, 'status');
    if (status === 'succeeded' || status === 'failed') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`job ${jobId} did not finish`);
}

/** The submission's runs, through the API. */
export async function runsOf(client: TestClient, submissionId: string): Promise<RunView[]> {
  return at(await client.get(`/api/submissions/${submissionId}/runs`), 'runs') as RunView[];
}
