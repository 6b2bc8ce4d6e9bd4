import { expect, it } from 'vitest';
import { allRoutes } from '../../src/server/routes/all-routes.js';
import { describeEachBackend } from '../support/store-backends.js';
import { authorizationTable, type Intent, type MatrixRole } from './authorization-table.js';
import { at } from './support/json-path.js';
import { buildMatrixWorld, type MatrixActor, type MatrixWorld } from './support/matrix-world.js';
import type { TestClient, TestResponse } from './support/test-client.js';
import { openTestService } from './support/test-service.js';

type Outcome = 'allowed' | 'denied' | 'approval';

/** What the table intends for one actor. */
function intended(intent: Intent, actor: MatrixActor): Outcome {
  const own = actor.own;
  const held = actor.held;
  switch (intent) {
    case 'never':
      return 'denied';
    case 'any':
    case 'self':
    case 'public':
      return 'allowed';
    case 'own':
      return own ? 'allowed' : 'denied';
    case 'held':
      return held ? 'allowed' : 'denied';
    case 'own+held':
      return own && held ? 'allowed' : 'denied';
    case 'approval:own+held':
      return own && held ? 'approval' : 'denied';
    case 'approval:held':
      return held ? 'approval' : 'denied';
  }
}

function intentOf(route: string, role: MatrixRole): Intent {
  const row = authorizationTable[route];
  if (row === undefined) throw new Error(`no reviewed row for ${route}`);
  if (row === 'self' || row === 'public') return row;
  return row[role] ?? 'never';
}

/** Self-service that needs a person in a browser session: an API token is refused. */
const sessionOnly = new Set([
  'POST /api/auth/password',
  'POST /api/auth/totp/enrol',
  'POST /api/auth/totp/confirm',
  'POST /api/auth/tokens',
  'POST /api/agreements/current/accept',
]);

/** What the response says happened. */
function observed(response: TestResponse): Outcome | 'error' {
  if (response.status >= 500) return 'error';
  if (response.status === 401) return 'denied';
  if (response.status === 403) {
    return at(response, 'type') === '/api/problems/approval-required' ? 'approval' : 'denied';
  }
  return 'allowed';
}

let counter = 0;
function unique(prefix: string): string {
  counter += 1;
  return `${prefix}${counter}`;
}

/** How each route is called: a request that would succeed, or fail on state, but never on shape. */
function probe(route: string, world: MatrixWorld, client: TestClient): Promise<TestResponse> {
  const {
    submission,
    criteria,
    determination,
    run,
    job,
    approval,
    partner,
    grant,
    target,
    worker,
    benchmark,
  } = world.ids;
  const future = new Date(world.service.clock.now().getTime() + 10 * 86_400_000).toISOString();
  const s = `/api/submissions/${submission}`;
  const calls: Record<string, () => Promise<TestResponse>> = {
    'GET /api/health': () => client.get('/api/health'),
    'GET /api/auth/session': () => client.get('/api/auth/session'),
    'POST /api/auth/logout': () => client.post('/api/auth/logout'),
    'POST /api/auth/password': () =>
      client.post('/api/auth/password', {
        currentPassword: 'not the password',
        newPassword: 'a new long passphrase',
      }),
    'POST /api/auth/totp/enrol': () => client.post('/api/auth/totp/enrol'),
    'POST /api/auth/totp/confirm': () => client.post('/api/auth/totp/confirm', { code: '000000' }),
    'POST /api/auth/tokens': () =>
      client.post('/api/auth/tokens', {
        name: 'probe',
        scopes: ['submission.read'],
        expiresInDays: 1,
      }),
    'GET /api/auth/tokens': () => client.get('/api/auth/tokens'),
    'DELETE /api/auth/tokens/{tokenId}': () => client.delete('/api/auth/tokens/tok-AAAAAAAAAAAA'),
    'GET /api/organisations': () => client.get('/api/organisations'),
    'POST /api/organisations': () =>
      client.post('/api/organisations', {
        id: unique('org.probe-'),
        kind: 'developer',
        name: 'Probe',
      }),
    'GET /api/users': () => client.get('/api/users'),
    'POST /api/users': () =>
      client.post('/api/users', {
        username: unique('probe-user-'),
        displayName: 'Probe',
        role: 'developer_member',
        organisationId: 'org.other',
      }),
    'GET /api/users/{userId}': () => client.get(`/api/users/${target}`),
    'PUT /api/users/{userId}/clearance': () =>
      client.put(`/api/users/${target}/clearance`, {
        clearance: 'CUI',
        compartments: [],
        reason: 'probe',
      }),
    'POST /api/users/{userId}/password-reset': () =>
      client.post(`/api/users/${target}/password-reset`),
    'POST /api/users/{userId}/disable': () => client.post(`/api/users/${target}/disable`),
    'POST /api/users/{userId}/tokens': () =>
      client.post(`/api/users/${worker}/tokens`, {
        name: 'probe',
        scopes: ['run.record'],
        expiresInDays: 1,
      }),
    'POST /api/grants': () =>
      client.post('/api/grants', {
        userId: target,
        scope: { kind: 'submission', submissionId: submission },
        validUntil: future,
        reason: 'probe',
      }),
    'GET /api/grants': () => client.get('/api/grants'),
    'POST /api/grants/{grantId}/revoke': () => client.post(`/api/grants/${grant}/revoke`),
    'GET /api/agreements/current': () => client.get('/api/agreements/current'),
    'POST /api/agreements/current/accept': () => client.post('/api/agreements/current/accept'),
    'POST /api/agreements': () => client.post('/api/agreements', { title: 'Version two' }),
    'POST /api/submissions': () => client.post('/api/submissions', { model: { name: 'Probe' } }),
    'GET /api/submissions': () => client.get('/api/submissions'),
    'GET /api/submissions/{submissionId}': () => client.get(s),
    'GET /api/submissions/{submissionId}/events': () => client.get(`${s}/events`),
    'GET /api/submissions/{submissionId}/countdown': () => client.get(`${s}/countdown`),
    'POST /api/submissions/{submissionId}/submit': () => client.post(`${s}/submit`),
    'PUT /api/submissions/{submissionId}/access-grant': () =>
      client.put(`${s}/access-grant`, { model: 'openai/probe', apiKey: 'probe-key' }),
    'POST /api/submissions/{submissionId}/release': () =>
      client.post(`${s}/release`, { releasedAt: future }),
    'POST /api/submissions/{submissionId}/release-date': () =>
      client.post(`${s}/release-date`, { declaredReleaseAt: future }),
    'POST /api/submissions/{submissionId}/withdraw': () => client.post(`${s}/withdraw`),
    'POST /api/submissions/{submissionId}/qualification': () => client.post(`${s}/qualification`),
    'POST /api/submissions/{submissionId}/battery': () => client.post(`${s}/battery`),
    'POST /api/submissions/{submissionId}/window': () =>
      client.post(`${s}/window`, { capDays: 10 }),
    'POST /api/submissions/{submissionId}/window/close': () =>
      client.post(`${s}/window/close`, { cause: 'ended_early' }),
    'POST /api/submissions/{submissionId}/report': () =>
      client.post(`${s}/report`, { reportId: 'report-1' }),
    'GET /api/submissions/{submissionId}/assignments': () => client.get(`${s}/assignments`),
    'POST /api/submissions/{submissionId}/assignments': () =>
      client.post(`${s}/assignments`, { track: 'insider_risks', agencyId: 'agency.nist-caisi' }),
    'GET /api/submissions/{submissionId}/partners': () => client.get(`${s}/partners`),
    'POST /api/submissions/{submissionId}/partners': () =>
      client.post(`${s}/partners`, {
        partnerOrganisationId: 'org.partner-c',
        governmentPeriodEndsAt: future,
      }),
    'POST /api/partners/{partnerId}/approve': () => client.post(`/api/partners/${partner}/approve`),
    'GET /api/programme/status': () => client.get('/api/programme/status'),
    'GET /api/criteria': () => client.get('/api/criteria'),
    'POST /api/criteria': () =>
      client.post('/api/criteria', {
        title: 'Probe draft',
        declarations: { metrics: ['cyber.knowledge.accuracy'] },
        tiers: {
          designate: [{ id: 'strong', expression: 'lower(cyber.knowledge.accuracy) >= 0.5' }],
        },
      }),
    'GET /api/criteria/{criteriaVersionId}': () => client.get(`/api/criteria/${criteria}`),
    'POST /api/criteria/{criteriaVersionId}/sign': () =>
      client.post(`/api/criteria/${criteria}/sign`),
    'GET /api/benchmarks': () => client.get('/api/benchmarks'),
    'POST /api/benchmarks': () =>
      client.post('/api/benchmarks', {
        name: 'probe',
        title: 'Probe items',
        track: 'digital_infrastructure',
        format: 'jsonl',
        items: '{"input": "Probe?", "choices": ["yes", "no"], "target": "A"}',
      }),
    'GET /api/benchmarks/{benchmarkId}': () => client.get(`/api/benchmarks/${benchmark}`),
    'GET /api/benchmarks/{benchmarkId}/items': () =>
      client.get(`/api/benchmarks/${benchmark}/items`),
    'POST /api/benchmarks/{benchmarkId}/retire': () =>
      client.post(`/api/benchmarks/${benchmark}/retire`, { reason: 'probe' }),
    'POST /api/determinations': () =>
      client.post('/api/determinations', { submissionId: submission }),
    'GET /api/determinations/{determinationId}': () =>
      client.get(`/api/determinations/${determination}`),
    'GET /api/determinations/{determinationId}/release': () =>
      client.get(`/api/determinations/${determination}/release`),
    'GET /api/submissions/{submissionId}/determination': () => client.get(`${s}/determination`),
    'GET /api/submissions/{submissionId}/runs': () => client.get(`${s}/runs`),
    'GET /api/runs/{runId}': () => client.get(`/api/runs/${run}`),
    'GET /api/evaluation-suites': () => client.get('/api/evaluation-suites'),
    'POST /api/submissions/{submissionId}/evaluations': () =>
      client.post(`${s}/evaluations`, {
        track: 'digital_infrastructure',
        suites: ['cyber.knowledge'],
      }),
    'GET /api/jobs/{jobId}': () => client.get(`/api/jobs/${job}`),
    'POST /api/approvals': () =>
      client.post('/api/approvals', {
        action: 'credential.unmask',
        objectId: `credential:${submission}`,
        submissionId: submission,
        reason: 'probe',
      }),
    'GET /api/approvals': () => client.get('/api/approvals'),
    'POST /api/approvals/{approvalId}/decide': () =>
      client.post(`/api/approvals/${approval}/decide`, { approved: true }),
    'POST /api/submissions/{submissionId}/credential/unmask': () =>
      client.post(`${s}/credential/unmask`),
    'POST /api/submissions/{submissionId}/transcripts/export': () =>
      client.post(`${s}/transcripts/export`),
    'POST /api/submissions/{submissionId}/marking/lower': () =>
      client.post(`${s}/marking/lower`, {
        to: { level: 'CUI', compartments: [], controls: ['REL-DEVELOPER'], ownerId: 'org.acme' },
      }),
    'GET /api/export': () => client.get('/api/export'),
    'GET /api/audit': () => client.get('/api/audit?limit=1'),
    'GET /api/audit/verify': () => client.get('/api/audit/verify'),
  };
  const call = calls[route];
  if (call === undefined) throw new Error(`no probe for ${route}`);
  return call();
}

/** Routes that change what later probes see, run last, in this order. */
const lastRoutes = ['POST /api/agreements', 'POST /api/auth/logout'];

/** Lists filtered item by item: an object is listed exactly when its own route would show it. */
const filteredLists: Readonly<
  Record<string, { itemRoute: string; id: (world: MatrixWorld) => string }>
> = {
  'GET /api/submissions': {
    itemRoute: 'GET /api/submissions/{submissionId}',
    id: (world) => world.ids.submission,
  },
  'GET /api/criteria': {
    itemRoute: 'GET /api/criteria/{criteriaVersionId}',
    id: (world) => world.ids.criteria,
  },
  'GET /api/benchmarks': {
    itemRoute: 'GET /api/benchmarks/{benchmarkId}',
    id: (world) => world.ids.benchmark,
  },
};

/** Decisions the policy allows but the domain then refuses (the audit shows "allowed"). */
const domainRefusals = new Set(['POST /api/approvals']);

async function auditSince(world: MatrixWorld, sequence: number, actor: string) {
  return world.service.store.db
    .selectFrom('audit_records')
    .select(['action', 'outcome'])
    .where('seq', '>', sequence)
    .where('actor', '=', actor)
    .execute();
}

/** Everyone accepts a newly published agreement, so one publication does not skew later probes. */
async function acceptForEveryone(world: MatrixWorld, version: number): Promise<void> {
  for (const actor of world.actors) {
    // Accepting a version again changes nothing.
    await world.service.data.acceptances.insert({
      userId: actor.userId,
      agreementId: 'vigil-access-agreement',
      version,
      acceptedAt: world.service.clock.now().toISOString(),
    });
  }
}

async function lastSequence(world: MatrixWorld): Promise<number> {
  const head = await world.service.store.db
    .selectFrom('audit_head')
    .select('seq')
    .executeTakeFirstOrThrow();
  return head.seq;
}

describeEachBackend('authorisation matrix', (backend) => {
  it('has a reviewed row for every route, and no row for a route that does not exist', () => {
    const routes = allRoutes().map((route) => `${route.method.toUpperCase()} ${route.path}`);
    expect(routes.filter((route) => authorizationTable[route] === undefined)).toEqual([]);
    expect(Object.keys(authorizationTable).filter((route) => !routes.includes(route))).toEqual([]);
  });

  it('gives every role, on either side and read in or not, exactly the intended access — and records each decision', async () => {
    const service = await openTestService(backend);
    const world = await buildMatrixWorld(service);
    const routes = allRoutes();
    const ordered = [
      ...routes.filter(
        (route) => !lastRoutes.includes(`${route.method.toUpperCase()} ${route.path}`),
      ),
      ...lastRoutes.map((name) =>
        routes.find((route) => `${route.method.toUpperCase()} ${route.path}` === name)!,
      ),
    ];
    const mismatches: string[] = [];
    let probes = 0;
    for (const route of ordered) {
      const name = `${route.method.toUpperCase()} ${route.path}`;
      if (name === 'POST /api/auth/login') continue; // covered by the authentication tests
      const anonymous = await probe(name, world, service.client());
      const publicRoute = authorizationTable[name] === 'public';
      if (publicRoute ? anonymous.status === 401 : anonymous.status !== 401) {
        mismatches.push(
          `${name} as anonymous: ${anonymous.status} ${anonymous.text.slice(0, 120)}`,
        );
      }
      for (const actor of world.actors) {
        let expected = intended(intentOf(name, actor.role), actor);
        if (actor.role === 'worker' && sessionOnly.has(name)) expected = 'denied';
        const before = await lastSequence(world);
        const response = await probe(name, world, actor.client);
        probes += 1;
        const got = observed(response);
        if (got !== expected) {
          mismatches.push(
            `${name} as ${actor.label}: expected ${expected}, got ${response.status} ${response.text.slice(0, 160)}`,
          );
          continue;
        }
        if (name === 'POST /api/agreements' && response.status === 201) {
          await acceptForEveryone(world, Number(at(response, 'version')));
        }
        const filter = filteredLists[name];
        if (filter !== undefined) {
          const listed = JSON.stringify(response.json).includes(filter.id(world));
          const visible = intended(intentOf(filter.itemRoute, actor.role), actor) === 'allowed';
          if (listed !== visible) {
            mismatches.push(
              `${name} as ${actor.label}: the list ${listed ? 'shows' : 'hides'} the object`,
            );
          }
          continue;
        }
        if (route.actions.length === 0) continue;
        const decisions = (await auditSince(world, before, actor.userId)).filter((record) =>
          (route.actions as readonly string[]).includes(record.action),
        );
        const outcome = expected === 'allowed' || domainRefusals.has(name) ? undefined : 'denied';
        const wanted = expected === 'allowed' ? 'allowed' : outcome;
        if (
          decisions.length === 0 ||
          (wanted !== undefined && !decisions.some((record) => record.outcome === wanted))
        ) {
          mismatches.push(
            `${name} as ${actor.label}: the decision was not recorded as ${wanted ?? 'a decision'}`,
          );
        }
      }
    }
    expect(mismatches).toEqual([]);
    expect(probes).toBeGreaterThan(1000);
  }, 300_000);
});
