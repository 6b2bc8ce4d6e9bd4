import { sql } from 'kysely';
import { expect, it } from 'vitest';
import { rejection } from '../../../test/support/errors.js';
import { describeEachBackend } from '../../../test/support/store-backends.js';
import { recordDetermination, sanitiseDetermination, seedAgencies } from '../../programme/index.js';
import {
  acmeMarking,
  acmeModel,
  makeUser,
  otherDeveloperId,
  sampleCriteria,
  signedCriteria,
  testNow,
} from '../../programme/testing/programme-fixtures.js';
import { generateKek } from '../../sealed/key-encryption-key.js';
import { openSealedData } from '../../sealed/open-sealed-data.js';
import type { SealedRead } from '../../sealed/sealed-read.js';
import { UniqueViolationError } from '../errors/unique-violation-error.js';
import { seedProgramme } from '../testing/programme-seed.js';
import { repositories } from './repositories.js';

function recorder() {
  const reads: SealedRead[] = [];
  return { reads, audit: (read: SealedRead) => Promise.resolve(void reads.push(read)) };
}

describeEachBackend('designation repositories', (backend) => {
  it('keep models per developer', async () => {
    const store = await backend.open();
    await seedProgramme(store);
    const { models } = repositories(store.db);
    const laterModel = {
      ...acmeModel,
      id: 'model.other-1',
      developerOrganisationId: otherDeveloperId,
      inDevelopment: true,
    };
    await models.insert(laterModel, testNow);
    expect(await models.get(acmeModel.id)).toEqual(acmeModel);
    expect(await models.listOf(otherDeveloperId)).toEqual([laterModel]);
  });

  it('seal a criteria version’s rules, list it without them, and audit every opening', async () => {
    const store = await backend.open();
    await seedProgramme(store);
    const sealed = await openSealedData(store, generateKek());
    const { criteria } = repositories(store.db);
    const version = sampleCriteria();
    await criteria.draft(version, sealed);
    for (const signature of signedCriteria().signatures)
      await criteria.addSignature(version.id, signature);

    const [summary] = await criteria.summaries();
    expect(summary).toEqual({
      id: version.id,
      version: 1,
      title: version.title,
      marking: version.marking,
      draftedBy: version.draftedBy,
      draftedAt: version.draftedAt,
      signatures: signedCriteria().signatures,
    });
    expect(JSON.stringify(summary)).not.toContain('0.30');
    expect(await criteria.summary(version.id)).toEqual(summary);
    expect(await criteria.summary('criteria.none')).toBeUndefined();
    const stored = await sql<{
      text: string;
    }>`select string_agg(encode(ciphertext, 'escape'), '') as text from sealed_values`.execute(
      store.db,
    );
    expect(stored.rows[0]?.text).not.toContain('vuln_discovery');

    const { reads, audit } = recorder();
    expect(await criteria.open(version.id, sealed, audit)).toEqual(signedCriteria());
    expect(reads).toEqual([
      { ref: { kind: 'criteria-version-body', objectId: version.id }, outcome: 'ok' },
    ]);
    expect(await criteria.open('criteria.none', sealed, audit)).toBeUndefined();
    const again = await rejection(() =>
      criteria.addSignature(version.id, signedCriteria().signatures[0]!),
    );
    expect(again).toBeInstanceOf(UniqueViolationError);
  });

  it('seal a determination and release only its sanitised status, without a sealed read', async () => {
    const store = await backend.open();
    await seedProgramme(store);
    const sealed = await openSealedData(store, generateKek());
    const { criteria, determinations } = repositories(store.db);
    await criteria.draft(signedCriteria(), sealed);
    const recorded = recordDetermination(
      {
        id: 'det.1',
        model: acmeModel,
        criteria: signedCriteria(),
        agencies: seedAgencies,
        metrics: {
          'cyber.vuln_discovery.pass_at_1': { value: 0.42, lower: 0.35, upper: 0.49 },
          'cyber.ctf.pass_at_12': { value: 0.2, lower: 0.1, upper: 0.3 },
          'cyber.ot.pass_at_1': { value: 0.1, lower: 0.05, upper: 0.2 },
        },
        facts: { training_compute_flop: 3e25, open_weights: false },
        runIds: ['run.1'],
        inputMarking: acmeMarking(),
      },
      makeUser('adjudicator'),
      testNow,
    );
    if (!recorded.ok) throw recorded.error;
    await determinations.record(recorded.value, sealed);

    expect(await determinations.sanitised('det.1')).toEqual({
      determinationId: 'det.1',
      modelId: acmeModel.id,
      determinedAt: testNow,
      status: 'designated',
      statement: expect.stringContaining('information, not permission') as string,
    });
    expect(await determinations.sanitisedFor(acmeModel.id)).toHaveLength(1);
    const summary = {
      id: 'det.1',
      modelId: acmeModel.id,
      developerOrganisationId: acmeModel.developerOrganisationId,
      criteriaVersionId: signedCriteria().id,
      adjudicatorId: makeUser('adjudicator').id,
      determinedAt: testNow,
      marking: recorded.value.marking,
      release: sanitiseDetermination(recorded.value),
    };
    expect(await determinations.summary('det.1')).toEqual(summary);
    expect(await determinations.summariesFor(acmeModel.id)).toEqual([summary]);
    expect(await determinations.summary('det.none')).toBeUndefined();
    expect(JSON.stringify(summary)).not.toContain('0.42');
    const { reads, audit } = recorder();
    expect(await determinations.open('det.1', sealed, audit)).toEqual(recorded.value);
    expect(reads).toHaveLength(1);
    const columns = await sql<{
      row: string;
    }>`select row_to_json(d)::text as row from determinations d`.execute(store.db);
    expect(columns.rows[0]?.row).not.toContain('0.42');
  });
});
