import { z } from 'zod';
import { recordFromRow } from '../../audit/audit-record-row.js';
import { verifyAuditTrail } from '../../audit/verify-audit-trail.js';
import { defineRoute, type Route } from './route.js';
import { programme } from './shared/programme-resource.js';
import { routeTools } from './shared/tools.js';

const tag = 'Audit trail';

const listQuery = z
  .object({
    /** Records after this sequence number. */
    after: z.coerce.number().int().min(0).default(0),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
    actor: z.string().max(200).exactOptional(),
    objectId: z.string().max(400).exactOptional(),
  })
  .strict();

const recordSchema = z
  .object({
    sequence: z.number().int(),
    at: z.string(),
    actor: z.string(),
    action: z.string(),
    source: z.string(),
    outcome: z.enum(['allowed', 'denied', 'ok', 'failed']),
    objectId: z.string().nullable(),
    objectMarking: z.unknown(),
    details: z.record(z.string(), z.unknown()),
    previousHash: z.string(),
    keyId: z.string(),
    hash: z.string(),
    signature: z.string(),
  })
  .strict();

const verificationSchema = z
  .object({
    ok: z.boolean(),
    count: z.number().int(),
    head: z.object({ sequence: z.number().int(), hash: z.string() }).strict().exactOptional(),
    failure: z
      .object({ sequence: z.number().int(), reason: z.string(), message: z.string() })
      .strict()
      .exactOptional(),
  })
  .strict();

/** The audit trail: the auditor reads and verifies it, and does nothing else. */
export function auditRoutes(): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/audit',
      tag,
      summary: 'Audit records, in order (who, what, when, where, outcome, the object’s marking)',
      access: 'signed-in',
      actions: ['audit.read'],
      query: listQuery,
      response: {
        status: 200,
        schema: z
          .object({ records: z.array(recordSchema), next: z.number().int().nullable() })
          .strict(),
        description: 'Up to `limit` records after `after`; `next` continues.',
      },
      handler: async ({ context, query }) => {
        const { services, guard } = routeTools(context);
        await guard.require('audit.read', programme);
        let select = services.store.db
          .selectFrom('audit_records')
          .selectAll()
          .where('seq', '>', query.after)
          .orderBy('seq')
          .limit(query.limit);
        if (query.actor !== undefined) select = select.where('actor', '=', query.actor);
        if (query.objectId !== undefined) select = select.where('object_id', '=', query.objectId);
        const rows = await select.execute();
        const records = rows.map(recordFromRow);
        return {
          records,
          next: rows.length === query.limit ? (records.at(-1)?.sequence ?? null) : null,
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/audit/verify',
      tag,
      summary: 'Verify the whole trail: signatures, chain, hashes, sequence and head',
      access: 'signed-in',
      actions: ['audit.verify'],
      response: {
        status: 200,
        schema: verificationSchema,
        description: 'The verdict, naming the first bad record.',
      },
      handler: async ({ context }) => {
        const { services, guard } = routeTools(context);
        await guard.require('audit.verify', programme);
        const verdict = await verifyAuditTrail(services.store);
        return verdict.ok
          ? { ok: true, count: verdict.count, head: verdict.head }
          : { ok: false, count: verdict.count, failure: verdict.failure };
      },
    }),
  ];
}
