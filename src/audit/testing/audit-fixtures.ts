// Sample audit entries and a superuser write path for audit-trail tests.

import { sql } from 'kysely';
import type { Store } from '../../store/store.js';
import type { AuditEntry } from '../audit-record.js';
import type { AuditTrail } from '../audit-trail.js';

/** A marking for test entries. */
export const testMarking = {
  level: 'SECRET',
  compartments: ['DEV-ACME', 'SUB-7F3A'],
  controls: ['PROPRIETARY'],
  ownerId: 'org.acme',
  expiresAt: '2026-07-02T00:00:00.000Z',
} as const;

/** Entry number `index`, varied so records differ in every field. */
export function testEntry(index: number): AuditEntry {
  return {
    actor: `user.${index % 3}`,
    action: index % 2 === 0 ? 'sealed.read' : 'submission.withdraw',
    source: `192.0.2.${index}`,
    outcome: index % 4 === 0 ? 'denied' : 'ok',
    objectId: `sub-${index}`,
    objectMarking: testMarking,
    details: { index, ratio: index / 7, note: `entry ${index}`, tags: ['a', index] },
  };
}

/** Appends `count` test entries one after another. */
export async function appendEntries(trail: AuditTrail, count: number): Promise<void> {
  for (let index = 1; index <= count; index += 1) await trail.append(testEntry(index));
}

/**
 * Runs statements with triggers (and foreign keys) switched off, as a database superuser can:
 * the attacker the signed chain exists for.
 */
export async function asSuperuser(store: Store, statements: readonly string[]): Promise<void> {
  await store.transaction(async (tx) => {
    await sql`set local session_replication_role = replica`.execute(tx);
    for (const statement of statements) await sql.raw(statement).execute(tx);
  });
}
