// `vigil keys rotate` on an embedded store: every sealed value opens with the new key and no
// longer with the old one, the rotation is in the audit trail, and the trail still verifies.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadOrCreateAuditSigningKeyFile } from '../../src/audit/audit-signing-key.js';
import { openAuditTrail } from '../../src/audit/audit-trail.js';
import { verifyAuditTrail } from '../../src/audit/verify-audit-trail.js';
import { loadOrCreateKekFile } from '../../src/sealed/kek-file.js';
import { openSealedData } from '../../src/sealed/open-sealed-data.js';
import { servicePaths } from '../../src/server/service-paths.js';
import { openStore } from '../../src/store/open-store.js';
import { runCli } from '../support/run-cli.js';
import { useTempDir } from '../support/temp-dir.js';

const dir = useTempDir('vigil-keys-');
const noAudit = () => Promise.resolve();

describe('vigil keys rotate', () => {
  it('re-wraps every sealed value under a new key, destroys the old, and records it', async () => {
    const paths = servicePaths(join(dir.path, 'data'));
    const oldKek = await loadOrCreateKekFile(paths.keyFile);
    const store = await openStore({ dataDir: paths.store });
    const refs = [
      { kind: 'access-grant-credential', objectId: 'grant-1' },
      { kind: 'criteria-version-body', objectId: 'criteria-1' },
    ] as const;
    try {
      const sealed = await openSealedData(store, oldKek);
      for (const ref of refs) await sealed.seal(ref, `secret of ${ref.objectId}`);
      const audit = await openAuditTrail(
        store,
        await loadOrCreateAuditSigningKeyFile(paths.auditKeyFile),
      );
      await audit.append({ actor: 'system', action: 'test.setup', source: 'test', outcome: 'ok' });
    } finally {
      await store.close();
    }

    const result = await runCli(['keys', 'rotate', '--data-dir', paths.dataDir]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/2 data keys re-wrapped/);
    expect(result.stdout).not.toContain((await readFile(paths.keyFile, 'utf8')).trim());

    const newKek = await loadOrCreateKekFile(paths.keyFile);
    expect(newKek.id).not.toBe(oldKek.id);
    const reopened = await openStore({ dataDir: paths.store });
    try {
      const sealed = await openSealedData(reopened, newKek);
      for (const ref of refs)
        expect(await sealed.openText(ref, noAudit)).toBe(`secret of ${ref.objectId}`);
      await expect(openSealedData(reopened, oldKek)).rejects.toThrow();
      const verdict = await verifyAuditTrail(reopened);
      expect(verdict.ok).toBe(true);
      const actions = await reopened.db
        .selectFrom('audit_records')
        .selectAll()
        .execute()
        .then((rows) => JSON.stringify(rows));
      expect(actions).toContain('keys.rotate');
    } finally {
      await reopened.close();
    }
  });

  it('explains what to do without a key file, and changes nothing', async () => {
    const result = await runCli(['keys', 'rotate', '--data-dir', join(dir.path, 'empty')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/there is no key file at .*sealed\.key.*--data-dir/);
  });
});
