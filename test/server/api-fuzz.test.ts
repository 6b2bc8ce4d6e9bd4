import fc from 'fast-check';
import { beforeAll, expect, it } from 'vitest';
import { issueApiToken } from '../../src/server/auth/api-token.js';
import {
  developerCompartment,
  submissionCompartment,
} from '../../src/server/authorization/markings.js';
import { programmeOffice } from '../../src/server/bootstrap.js';
import { allRoutes } from '../../src/server/routes/all-routes.js';
import type { Route } from '../../src/server/routes/route.js';
import { describeEachBackend } from '../support/store-backends.js';
import { authorizationTable, type MatrixRole } from './authorization-table.js';
import { at, text } from './support/json-path.js';
import { storeSnapshot } from './support/store-snapshot.js';
import { TestClient, type TestResponse } from './support/test-client.js';
import { openTestService, type TestService, type TestUser } from './support/test-service.js';

/** A problem document with every RFC 9457 member, and nothing that looks like a stack trace. */
function expectProblem(response: TestResponse, context: string): void {
  expect(response.status, `${context}: ${response.text}`).toBeGreaterThanOrEqual(400);
  expect(response.status, `${context}: ${response.text}`).toBeLessThan(500);
  expect(response.contentType, context).toContain('application/problem+json');
  for (const member of ['type', 'title', 'detail', 'instance']) {
    expect(typeof at(response, member), `${context}: ${member}`).toBe('string');
  }
  expect(at(response, 'status')).toBe(response.status);
  expect(response.text).not.toMatch(/\bat [\w.<>]+ \(|node_modules|\.ts:\d+/);
}

/** A JSON object no route accepts: it carries a field no schema declares. */
const unknownFieldObject = fc
  .tuple(
    fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
    fc.string({ minLength: 1, maxLength: 8 }),
    fc.jsonValue({ maxDepth: 2 }),
  )
  .map(([fields, suffix, value]) => ({ ...fields, [`zz_unknown_${suffix}`]: value }));

/** Bodies that are not a JSON object: text that does not parse, and JSON of the wrong type. */
const notAnObject = fc.oneof(
  fc.string({ maxLength: 200 }).filter((candidate) => {
    try {
      const value: unknown = JSON.parse(candidate);
      return typeof value !== 'object' || value === null || Array.isArray(value);
    } catch {
      return true;
    }
  }),
  fc
    .jsonValue({ maxDepth: 2 })
    .filter((value) => typeof value !== 'object' || value === null || Array.isArray(value))
    .map((value) => JSON.stringify(value)),
  fc.constantFrom(
    '{',
    '{"a":',
    '[1,2',
    '{"reason": "x"',
    'null',
    '\u0000',
    '{"__proto__": {"admin": true}, "x": 1}',
  ),
);

/** Identifiers a careless server would choke on: SQL, paths, encodings, control characters. */
const hostileSegments = fc.oneof(
  fc.constantFrom(
    "1' OR '1'='1",
    "x'; drop table server_documents; --",
    '../../etc/passwd',
    '..%2f..%2fetc%2fpasswd',
    '%00',
    'sub-%E0%A4%A',
    '${jndi:ldap://x}',
    '<script>alert(1)</script>',
    'a'.repeat(300),
    'Ω≈ç√∫',
  ),
  fc.string({ minLength: 1, maxLength: 60 }),
);

/** Whom to send a route's requests as: the first role the reviewed table lets in. */
function roleFor(route: Route): MatrixRole {
  const row = authorizationTable[`${route.method.toUpperCase()} ${route.path}`];
  if (row === undefined || row === 'self' || row === 'public') return 'developer_admin';
  const roles = Object.entries(row).filter(([, intent]) => intent !== 'never');
  return (roles[0]?.[0] as MatrixRole | undefined) ?? 'developer_admin';
}

interface FuzzWorld {
  readonly service: TestService;
  readonly users: ReadonlyMap<MatrixRole, TestUser>;
  readonly submission: string;
}

async function buildWorld(service: TestService): Promise<FuzzWorld> {
  const acme = await service.developer('org.acme', 'Acme');
  const admin = await service.user({
    role: 'developer_admin',
    organisationId: acme,
    clearance: 'CUI',
    compartments: [developerCompartment(acme)],
    grants: [`compartment:${developerCompartment(acme)}`],
  });
  const created = await admin.client.post('/api/submissions', { model: { name: 'Fuzz model' } });
  const submission = text(created, 'submission.id');
  const compartments = [developerCompartment(acme), submissionCompartment(submission), 'CRITERIA'];
  const users = new Map<MatrixRole, TestUser>([['developer_admin', admin]]);
  const places: Partial<Record<MatrixRole, string>> = {
    developer_member: acme,
    agency_lead: 'agency.cisa',
    agency_evaluator: 'agency.cisa',
    adjudicator: programmeOffice.id,
    coordinator: programmeOffice.id,
    security_officer: programmeOffice.id,
    auditor: programmeOffice.id,
  };
  for (const [role, organisationId] of Object.entries(places) as [MatrixRole, string][]) {
    users.set(
      role,
      await service.user({
        role,
        organisationId,
        clearance: 'TOP_SECRET',
        compartments,
        grants: [submission, `compartment:${developerCompartment(acme)}`, 'compartment:CRITERIA'],
      }),
    );
  }
  return { service, users, submission };
}

function pathFor(route: Route, submission: string, segment?: string): string {
  return route.path.replaceAll(/\{(\w+)\}/g, (_match, name: string) =>
    segment !== undefined
      ? encodeURIComponent(segment)
      : name === 'submissionId'
        ? submission
        : 'x-1',
  );
}

describeEachBackend('API fuzzing', (backend) => {
  let world: FuzzWorld;
  beforeAll(async () => {
    world = await buildWorld(await openTestService(backend));
  }, 120_000);

  const bodyRoutes = () => allRoutes().filter((route) => route.schemas.body !== undefined);

  it('answers malformed and mistyped bodies on every route with a 4xx problem, changing nothing', async () => {
    const before = await storeSnapshot(world.service.store);
    for (const route of bodyRoutes()) {
      const client = world.users.get(roleFor(route))?.client ?? world.service.client();
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            notAnObject,
            unknownFieldObject.map((value) => JSON.stringify(value)),
          ),
          async (raw) => {
            const response = await client.request(
              route.method.toUpperCase(),
              pathFor(route, world.submission),
              {
                rawBody: raw,
                headers: { 'content-type': 'application/json' },
              },
            );
            expectProblem(response, `${route.method} ${route.path} with ${raw.slice(0, 80)}`);
          },
        ),
        { numRuns: 12 },
      );
    }
    expect(await storeSnapshot(world.service.store)).toBe(before);
  }, 180_000);

  it('names each bad field and says how to fix it', async () => {
    const officer = world.users.get('security_officer')!;
    const response = await officer.client.post('/api/users', {
      username: 'No Spaces Allowed',
      displayName: 42,
      role: 'overlord',
      organisationId: 'org.acme',
      extra: true,
    });
    expectProblem(response, 'bad user');
    expect(response.status).toBe(400);
    const errors = at(response, 'errors') as { field: string; problem: string; fix: string }[];
    const fields = errors.map((error) => error.field);
    expect(fields).toEqual(
      expect.arrayContaining(['body.username', 'body.displayName', 'body.role', 'body']),
    );
    for (const error of errors) {
      expect(error.problem.length).toBeGreaterThan(3);
      expect(error.fix.length).toBeGreaterThan(3);
    }
    expect(errors.find((error) => error.field === 'body.role')?.fix).toContain('security_officer');
    expect(errors.find((error) => error.field === 'body')?.fix).toContain('"extra"');
  });

  it('answers hostile path segments and query values with a 4xx problem, never a 5xx', async () => {
    const before = await storeSnapshot(world.service.store);
    const withParams = allRoutes().filter((route) => route.schemas.params !== undefined);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...withParams), hostileSegments, async (route, segment) => {
        const client = world.users.get(roleFor(route))?.client ?? world.service.client();
        const response = await client.request(
          route.method.toUpperCase(),
          pathFor(route, world.submission, segment),
          {
            ...(route.schemas.body === undefined ? {} : { body: {} }),
          },
        );
        if (response.status < 400) return; // a segment that happens to be a valid, permitted id
        expectProblem(response, `${route.method} ${route.path} with ${segment}`);
      }),
      { numRuns: 150 },
    );
    const auditor = world.users.get('auditor')!;
    await fc.assert(
      fc.asyncProperty(hostileSegments, hostileSegments, async (after, limit) => {
        const response = await auditor.client.get(
          `/api/audit?after=${encodeURIComponent(after)}&limit=${encodeURIComponent(limit)}`,
        );
        if (response.status !== 200) expectProblem(response, `audit query ${after} ${limit}`);
      }),
      { numRuns: 40 },
    );
    expect(await storeSnapshot(world.service.store)).toBe(before);
  }, 120_000);

  it('refuses a body over the limit with 413, declared or streamed', async () => {
    const admin = world.users.get('developer_admin')!;
    const huge = JSON.stringify({ reason: 'x'.repeat(1024 * 1024 + 10) });
    const before = await storeSnapshot(world.service.store);
    const response = await admin.client.request(
      'POST',
      `/api/submissions/${world.submission}/submit`,
      {
        rawBody: huge,
        headers: { 'content-type': 'application/json' },
      },
    );
    expectProblem(response, 'huge body');
    expect(response.status).toBe(413);
    expect(at(response, 'type')).toBe('/api/problems/payload-too-large');
    expect(await storeSnapshot(world.service.store)).toBe(before);
  });

  it('refuses forged, malformed, expired and revoked tokens with 401, and forged cookies as anonymous', async () => {
    const admin = world.users.get('developer_admin')!;
    const expired = issueApiToken();
    await world.service.data.apiTokens.insert({
      id: expired.id,
      userId: admin.account.user.id,
      name: 'expired',
      digest: expired.digest,
      scopes: ['submission.read'],
      createdAt: '2026-01-01T00:00:00.000Z',
      expiresAt: '2026-02-01T00:00:00.000Z',
    });
    const before = await storeSnapshot(world.service.store);
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc
            .string({ maxLength: 100 })
            .filter((value) => !/[\r\n]/.test(value) && value.trim() === value && value !== ''),
          fc.stringMatching(/^vgl_tok-[A-Za-z0-9]{12}_[A-Za-z0-9_-]{43}$/),
        ),
        async (token) => {
          const client = new TestClient(world.service.app, { bearer: token });
          let response: TestResponse;
          try {
            response = await client.get(`/api/submissions/${world.submission}`);
          } catch {
            return; // a header value fetch itself refuses never reaches the server
          }
          expectProblem(response, `token ${token}`);
          expect(response.status).toBe(401);
        },
      ),
      { numRuns: 60 },
    );
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[A-Za-z0-9_-]{43}$/), async (secret) => {
        const client = new TestClient(world.service.app, {
          cookie: `__Host-vigil-session=${secret}`,
        });
        const response = await client.post(
          `/api/submissions/${world.submission}/withdraw`,
          {},
          { 'x-csrf-token': 'x' },
        );
        expectProblem(response, 'forged cookie');
        expect(response.status).toBe(401);
      }),
      { numRuns: 30 },
    );
    const expiredResponse = await new TestClient(world.service.app, { bearer: expired.token }).get(
      '/api/submissions',
    );
    expectProblem(expiredResponse, 'expired token');
    expect(expiredResponse.status).toBe(401);
    expect(expiredResponse.headers.get('www-authenticate')).toContain('invalid_token');
    expect(await storeSnapshot(world.service.store)).toBe(before);
  }, 120_000);

  it('refuses state changes without the CSRF token or from another origin, changing nothing', async () => {
    const admin = world.users.get('developer_admin')!;
    const before = await storeSnapshot(world.service.store);
    const noToken = new TestClient(world.service.app, {
      ...(admin.client.cookie === undefined ? {} : { cookie: admin.client.cookie }),
    });
    const missing = await noToken.post(`/api/submissions/${world.submission}/withdraw`, {});
    expectProblem(missing, 'no CSRF token');
    expect(at(missing, 'type')).toBe('/api/problems/csrf-rejected');
    const wrong = await noToken.post(
      `/api/submissions/${world.submission}/withdraw`,
      {},
      { 'x-csrf-token': 'guess' },
    );
    expect(at(wrong, 'type')).toBe('/api/problems/csrf-rejected');
    const crossSite = await admin.client.post(
      `/api/submissions/${world.submission}/withdraw`,
      {},
      {
        origin: 'https://evil.example',
      },
    );
    expectProblem(crossSite, 'cross-site');
    expect(at(crossSite, 'type')).toBe('/api/problems/csrf-rejected');
    const loginCsrf = await world.service.client().post(
      '/api/auth/login',
      { username: 'nobody', password: 'x' },
      {
        origin: 'https://evil.example',
      },
    );
    expect(at(loginCsrf, 'type')).toBe('/api/problems/csrf-rejected');
    expect(await storeSnapshot(world.service.store)).toBe(before);
    // Reads need no token; the same origin passes.
    expect((await noToken.get(`/api/submissions/${world.submission}`)).status).toBe(200);
  });

  it('answers unknown paths and wrong methods with problems, and sends security headers everywhere', async () => {
    const anonymous = world.service.client();
    const missing = await anonymous.get('/api/nothing-here');
    expectProblem(missing, 'unknown path');
    expect(missing.status).toBe(404);
    const wrongMethod = await anonymous.request('PATCH', '/api/health');
    expectProblem(wrongMethod, 'wrong method');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET');
    for (const response of [missing, wrongMethod, await anonymous.get('/api/health')]) {
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
  });
});
