import { expect, it } from 'vitest';
import { rejection } from '../../test/support/errors.js';
import { describeEachBackend } from '../../test/support/store-backends.js';
import { criteriaMarking } from '../programme/testing/programme-fixtures.js';
import { generateKek } from '../sealed/key-encryption-key.js';
import { openSealedData } from '../sealed/open-sealed-data.js';
import { generateAuditSigningKey } from './audit-signing-key.js';
import { openAuditTrail } from './audit-trail.js';
import { sealedReadAuditor } from './sealed-read-auditor.js';
import { verifyAuditTrail } from './verify-audit-trail.js';

describeEachBackend('sealed reads in the audit trail', (backend) => {
  it('records every read, successful or not, as a signed record', async () => {
    const store = await backend.open();
    const trail = await openAuditTrail(store, generateAuditSigningKey());
    const sealed = await openSealedData(store, generateKek());
    const ref = { kind: 'criteria-version-body', objectId: 'criteria.v1' } as const;
    await sealed.seal(ref, 'thresholds');
    const audit = sealedReadAuditor(trail, {
      actor: 'user.adjudicator',
      source: '192.0.2.9',
      objectMarking: criteriaMarking(),
    });

    expect(await sealed.openText(ref, audit)).toBe('thresholds');
    await sealed.purge(ref, 'superseded');
    await rejection(() => sealed.open(ref, audit));

    const records = await store.db.selectFrom('audit_records').selectAll().orderBy('seq').execute();
    expect(
      records.map((record) => [
        record.actor,
        record.action,
        record.outcome,
        record.object_id,
        record.details,
      ]),
    ).toEqual([
      ['user.adjudicator', 'sealed.read', 'ok', 'criteria.v1', '{"kind":"criteria-version-body"}'],
      [
        'user.adjudicator',
        'sealed.read',
        'failed',
        'criteria.v1',
        '{"failure":"purged","kind":"criteria-version-body"}',
      ],
    ]);
    expect(JSON.parse(records[0]!.object_marking ?? 'null')).toEqual(criteriaMarking());
    expect(await verifyAuditTrail(store)).toMatchObject({ ok: true, count: 2 });
  });

  it('records a read inside a transaction as part of it', async () => {
    const store = await backend.open();
    const trail = await openAuditTrail(store, generateAuditSigningKey());
    const sealed = await openSealedData(store, generateKek());
    const ref = { kind: 'determination', objectId: 'det.1' } as const;
    await sealed.seal(ref, 'designated');
    const reader = { actor: 'user.adjudicator', source: '192.0.2.9' };
    const text = await store.transaction((tx) =>
      sealed.openText(ref, sealedReadAuditor(trail, reader, tx), tx),
    );
    expect(text).toBe('designated');
    expect(await verifyAuditTrail(store)).toMatchObject({ ok: true, count: 1 });
  });
});
