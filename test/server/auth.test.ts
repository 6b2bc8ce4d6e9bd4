import { describe, expect, it } from 'vitest';
import { createAccount } from '../../src/server/accounts.js';
import { createApp } from '../../src/server/create-app.js';
import { hashPassword, verifyPassword } from '../../src/server/auth/password-hash.js';
import { checkTotp, generateTotpSecret, totpCode } from '../../src/server/auth/totp.js';
import { developerCompartment } from '../../src/server/authorization/markings.js';
import { describeEachBackend } from '../support/store-backends.js';
import { at, text } from './support/json-path.js';
import { TestClient } from './support/test-client.js';
import { cheapHashCost, openTestService, type TestService } from './support/test-service.js';

describe('password hashing', () => {
  it('hashes with argon2id and a fresh salt, and verifies only the right password', async () => {
    const first = await hashPassword('correct horse battery staple', cheapHashCost);
    const second = await hashPassword('correct horse battery staple', cheapHashCost);
    expect(first).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
    expect(first).not.toBe(second);
    expect(await verifyPassword(first, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(first, 'correct horse battery stapler')).toBe(false);
  });

  it('treats a malformed or non-argon2id stored hash as a mismatch, never a crash', async () => {
    expect(await verifyPassword('!', 'anything')).toBe(false);
    expect(await verifyPassword('$argon2id$garbage', 'anything')).toBe(false);
    expect(await verifyPassword('$2b$10$abcdefghijklmnopqrstuv', 'anything')).toBe(false);
  });
});

describe('TOTP', () => {
  const secret = generateTotpSecret();
  const at0 = Date.parse('2026-07-01T09:00:10.000Z');

  it('accepts the current code and those one 30-second step either side, and no further', () => {
    expect(checkTotp(secret, totpCode(secret, at0), at0, undefined)).toBeDefined();
    expect(checkTotp(secret, totpCode(secret, at0 - 30_000), at0, undefined)).toBeDefined();
    expect(checkTotp(secret, totpCode(secret, at0 + 30_000), at0, undefined)).toBeDefined();
    expect(checkTotp(secret, totpCode(secret, at0 - 60_000), at0, undefined)).toBeUndefined();
    expect(checkTotp(secret, totpCode(secret, at0 + 90_000), at0, undefined)).toBeUndefined();
  });

  it('accepts a code once: not again, and not an older one after a newer one', () => {
    const step = checkTotp(secret, totpCode(secret, at0), at0, undefined);
    expect(step).toBeDefined();
    expect(checkTotp(secret, totpCode(secret, at0), at0 + 5_000, step)).toBeUndefined();
    expect(checkTotp(secret, totpCode(secret, at0 - 30_000), at0 + 5_000, step)).toBeUndefined();
    expect(checkTotp(secret, totpCode(secret, at0 + 30_000), at0 + 30_000, step)).toBe(
      (step ?? 0) + 1,
    );
  });

  it('refuses anything that is not six digits', () => {
    for (const code of ['', '12345', '1234567', 'abcdef', '12 456']) {
      expect(checkTotp(secret, code, at0, undefined)).toBeUndefined();
    }
  });
});

function cookieAttributes(header: string | null): string[] {
  return (header ?? '').split(';').map((part) => part.trim().toLowerCase());
}

async function newAccount(
  service: TestService,
  role: 'developer_admin' | 'security_officer' = 'developer_admin',
) {
  const organisationId =
    role === 'developer_admin'
      ? await service.developer(`org.fresh-${Math.random().toString(36).slice(2, 8)}`)
      : 'agency.programme-office';
  return createAccount(
    service.data,
    {
      username: `fresh-${Math.random().toString(36).slice(2, 10)}`,
      displayName: 'Fresh',
      role,
      organisationId,
    },
    { cost: cheapHashCost, now: service.clock.now().toISOString() },
  );
}

describeEachBackend('authentication over the API', (backend) => {
  it('takes a one-time password through set-up: new password, authenticator, then a full session', async () => {
    const service = await openTestService(backend);
    const { account, oneTimePassword } = await newAccount(service);
    expect(account.passwordHash).toMatch(/^\$argon2id\$/);
    const client = service.client();
    const login = await client.post('/api/auth/login', {
      username: account.username,
      password: oneTimePassword,
    });
    expect(login.status, login.text).toBe(200);
    expect(at(login, 'stage')).toBe('setup');
    expect(at(login, 'next')).toContain('/api/auth/password');
    const setupCookie = client.cookie;
    client.csrfToken = text(login, 'csrfToken');

    const blocked = await client.get('/api/submissions');
    expect(blocked.status).toBe(403);
    expect(at(blocked, 'type')).toBe('/api/problems/setup-required');

    const weak = await client.post('/api/auth/password', {
      currentPassword: oneTimePassword,
      newPassword: 'short',
    });
    expect(weak.status).toBe(400);
    expect(at(weak, 'errors.0.field')).toBe('body.newPassword');

    const changed = await client.post('/api/auth/password', {
      currentPassword: oneTimePassword,
      newPassword: 'a much longer passphrase',
    });
    expect(changed.status, changed.text).toBe(200);
    expect(at(changed, 'stage')).toBe('setup');
    expect(client.cookie).not.toBe(setupCookie);
    client.csrfToken = text(changed, 'csrfToken');

    const enrol = await client.post('/api/auth/totp/enrol');
    expect(enrol.status, enrol.text).toBe(200);
    const secret = text(enrol, 'secret');
    expect(text(enrol, 'uri')).toMatch(/^otpauth:\/\/totp\/Vigil:/);
    const wrongCode = await client.post('/api/auth/totp/confirm', { code: '000000' });
    expect(wrongCode.status).toBe(400);
    const confirmed = await client.post('/api/auth/totp/confirm', {
      code: totpCode(secret, service.clock.now().getTime()),
    });
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(at(confirmed, 'stage')).toBe('full');
    client.csrfToken = text(confirmed, 'csrfToken');
    expect((await client.get('/api/submissions')).status).toBe(200);

    // The old set-up cookie is worth nothing now.
    const stale = new TestClient(service.app, {
      ...(setupCookie === undefined ? {} : { cookie: setupCookie }),
    });
    expect((await stale.get('/api/auth/session')).status).toBe(401);

    // The next sign-in needs the code, and a code works once.
    service.clock.advance(30_000);
    const anonymous = service.client();
    const noCode = await anonymous.post('/api/auth/login', {
      username: account.username,
      password: 'a much longer passphrase',
    });
    expect(noCode.status).toBe(401);
    expect(at(noCode, 'type')).toBe('/api/problems/second-factor-required');
    const code = totpCode(secret, service.clock.now().getTime());
    const withCode = await anonymous.post('/api/auth/login', {
      username: account.username,
      password: 'a much longer passphrase',
      totp: code,
    });
    expect(withCode.status, withCode.text).toBe(200);
    expect(at(withCode, 'stage')).toBe('full');
    const replay = await service.client().post('/api/auth/login', {
      username: account.username,
      password: 'a much longer passphrase',
      totp: code,
    });
    expect(replay.status).toBe(401);
  });

  it('sets the session cookie HttpOnly, Secure, SameSite=Strict, host-only, and clears it at sign-out', async () => {
    const service = await openTestService(backend);
    const user = await service.user({
      role: 'developer_admin',
      organisationId: await service.developer('org.cookie'),
    });
    service.clock.advance(30_000);
    const response = await service.app.request('http://localhost/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        username: user.account.username,
        password: user.password,
        totp: totpCode(user.totpSecret, service.clock.now().getTime()),
      }),
    });
    const attributes = cookieAttributes(response.headers.get('set-cookie'));
    expect(attributes[0]).toMatch(/^__host-vigil-session=[a-z0-9_-]{43}$/);
    expect(attributes).toEqual(
      expect.arrayContaining(['httponly', 'secure', 'samesite=strict', 'path=/']),
    );
    expect(attributes.some((attribute) => attribute.startsWith('domain='))).toBe(false);

    const logout = await user.client.post('/api/auth/logout');
    expect(logout.status).toBe(200);
    expect(user.client.cookie).toBeUndefined();
  });

  it('ends a session after 30 idle minutes and after its maximum age', async () => {
    const service = await openTestService(backend);
    const org = await service.developer('org.idle');
    const idle = await service.user({ role: 'developer_admin', organisationId: org });
    service.clock.advance(29 * 60_000);
    expect((await idle.client.get('/api/auth/session')).status).toBe(200);
    service.clock.advance(29 * 60_000);
    expect((await idle.client.get('/api/auth/session')).status).toBe(200);
    service.clock.advance(31 * 60_000);
    const expired = await idle.client.get('/api/auth/session');
    expect(expired.status).toBe(401);

    const busy = await service.user({ role: 'developer_member', organisationId: org });
    for (let hour = 0; hour < 12; hour += 1) {
      service.clock.advance(20 * 60_000);
      expect((await busy.client.get('/api/auth/session')).status).toBe(200);
      service.clock.advance(20 * 60_000);
      expect((await busy.client.get('/api/auth/session')).status).toBe(200);
      service.clock.advance(20 * 60_000);
      const response = await busy.client.get('/api/auth/session');
      if (hour < 11) expect(response.status).toBe(200);
      else expect(response.status).toBe(401);
    }
  });

  it('throttles repeated failed sign-ins with 429 and Retry-After, and counts no more than it must', async () => {
    const service = await openTestService(backend);
    const user = await service.user({
      role: 'developer_admin',
      organisationId: await service.developer('org.throttle'),
    });
    const client = service.client();
    for (let attempt = 0; attempt < 5; attempt += 1) {
      const response = await client.post('/api/auth/login', {
        username: user.account.username,
        password: 'wrong password',
      });
      expect(response.status).toBe(401);
    }
    const throttled = await client.post('/api/auth/login', {
      username: user.account.username,
      password: user.password,
    });
    expect(throttled.status).toBe(429);
    expect(Number(throttled.headers.get('retry-after'))).toBeGreaterThan(0);
    service.clock.advance(31_000);
    const allowed = await client.post('/api/auth/login', {
      username: user.account.username,
      password: user.password,
      totp: totpCode(user.totpSecret, service.clock.now().getTime()),
    });
    expect(allowed.status, allowed.text).toBe(200);
  });

  it('counts failed sign-ins in the store, so a second API process over it throttles too', async () => {
    const service = await openTestService(backend);
    const user = await service.user({
      role: 'developer_admin',
      organisationId: await service.developer('org.throttle-shared'),
    });
    const secondProcess = new TestClient(
      createApp({
        store: service.store,
        audit: service.audit,
        sealed: service.sealed,
        queue: service.queue,
        clock: service.clock,
        options: { passwordHashCost: cheapHashCost },
      }),
    );
    const attempt = (client: TestClient) =>
      client.post('/api/auth/login', { username: user.account.username, password: 'wrong' });
    for (let index = 0; index < 5; index += 1) {
      const client = index % 2 === 0 ? service.client() : secondProcess;
      expect((await attempt(client)).status).toBe(401);
    }
    const refused = await secondProcess.post('/api/auth/login', {
      username: user.account.username,
      password: user.password,
    });
    expect(refused.status, refused.text).toBe(429);
    const rows = await service.store.db.selectFrom('sign_in_failures').selectAll().execute();
    expect(rows.find((row) => row.key === `user:${user.account.username}`)?.failures).toBe(5);
  });

  it('limits an API token to its scopes, refuses scopes beyond the role, and stops it when revoked or expired', async () => {
    const service = await openTestService(backend);
    const org = await service.developer('org.tokens');
    const admin = await service.user({
      role: 'developer_admin',
      organisationId: org,
      clearance: 'CUI',
      compartments: [developerCompartment(org)],
      grants: [`compartment:${developerCompartment(org)}`],
    });
    const created = await admin.client.post('/api/submissions', { model: { name: 'Token model' } });
    const submissionId = text(created, 'submission.id');

    const beyond = await admin.client.post('/api/auth/tokens', {
      name: 'too much',
      scopes: ['audit.read'],
      expiresInDays: 1,
    });
    expect(beyond.status).toBe(400);
    expect(at(beyond, 'errors.0.field')).toBe('body.scopes');

    const tooLong = await admin.client.post('/api/auth/tokens', {
      name: 'forever',
      scopes: ['submission.read'],
      expiresInDays: 365,
    });
    expect(tooLong.status).toBe(400);

    const issued = await admin.client.post('/api/auth/tokens', {
      name: 'cli',
      scopes: ['submission.read'],
      expiresInDays: 7,
    });
    expect(issued.status, issued.text).toBe(201);
    const token = text(issued, 'token');
    expect(token).toMatch(/^vgl_tok-/);
    const listed = await admin.client.get('/api/auth/tokens');
    expect(listed.text).not.toContain(token.slice(-43));
    expect(listed.text).not.toContain('digest');

    const cli = new TestClient(service.app, { bearer: token });
    expect((await cli.get(`/api/submissions/${submissionId}`)).status).toBe(200);
    const outOfScope = await cli.post(`/api/submissions/${submissionId}/withdraw`, {});
    expect(outOfScope.status).toBe(403);
    expect(at(outOfScope, 'detail')).toContain('scope');
    expect(
      (
        await cli.post('/api/auth/tokens', {
          name: 'x',
          scopes: ['submission.read'],
          expiresInDays: 1,
        })
      ).status,
    ).toBe(403);

    service.clock.advance(8 * 86_400_000);
    expect((await cli.get(`/api/submissions/${submissionId}`)).status).toBe(401);

    const second = await admin.client.post('/api/auth/tokens', {
      name: 'cli 2',
      scopes: ['submission.read'],
      expiresInDays: 7,
    });
    expect(second.status).toBe(401); // the admin's session ended while the clock moved 8 days
    const again = await service.user({
      role: 'developer_admin',
      organisationId: org,
      clearance: 'CUI',
      compartments: [developerCompartment(org)],
      grants: [`compartment:${developerCompartment(org)}`],
    });
    const fresh = await again.client.post('/api/auth/tokens', {
      name: 'cli 3',
      scopes: ['submission.read'],
      expiresInDays: 7,
    });
    const freshToken = text(fresh, 'token');
    const revoke = await again.client.delete(`/api/auth/tokens/${text(fresh, 'details.id')}`);
    expect(revoke.status).toBe(200);
    expect(
      (await new TestClient(service.app, { bearer: freshToken }).get('/api/submissions')).status,
    ).toBe(401);
  });

  it('never writes a password, a one-time password, a token or a TOTP secret to the audit trail', async () => {
    const service = await openTestService(backend);
    const { account, oneTimePassword } = await newAccount(service);
    const client = service.client();
    await client.post('/api/auth/login', {
      username: account.username,
      password: 'a wrong guess of a password',
    });
    const login = await client.post('/api/auth/login', {
      username: account.username,
      password: oneTimePassword,
    });
    client.csrfToken = text(login, 'csrfToken');
    const changed = await client.post('/api/auth/password', {
      currentPassword: oneTimePassword,
      newPassword: 'another long passphrase',
    });
    client.csrfToken = text(changed, 'csrfToken');
    const enrol = await client.post('/api/auth/totp/enrol');
    const secret = text(enrol, 'secret');
    const rows = await service.store.db.selectFrom('audit_records').selectAll().execute();
    const trail = JSON.stringify(rows);
    for (const secretText of [
      oneTimePassword ?? 'none',
      'a wrong guess of a password',
      'another long passphrase',
      secret,
    ]) {
      expect(trail).not.toContain(secretText);
    }
    expect(trail).toContain('session.create');
  });
});
