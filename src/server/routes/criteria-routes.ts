import { z } from 'zod';
import {
  criteriaRoles,
  criteriaRuleSchema,
  criteriaVersionSchema,
  factTypes,
  metricNameSchema,
  textSchema,
} from '../../programme/index.js';
import { compileCriteria } from '../../programme/criteria/compile-criteria.js';
import { criteriaDeadlineStatus } from '../../programme/criteria/criteria-deadline.js';
import { signCriteria } from '../../programme/criteria/sign-criteria.js';
import { CriteriaError } from '../../programme/errors/criteria-error.js';
import { requireIdentity } from '../auth/authenticate.js';
import { criteriaMarking } from '../authorization/markings.js';
import { programmeData } from '../data/programme-data.js';
import type { CriteriaRecord } from '../data/records.js';
import { defineRoute, type Route } from './route.js';
import {
  activationOf,
  activeCriteria,
  agencies,
  criteriaResource,
  criteriaSummary,
  criteriaSummarySchema,
  loadCriteriaRecord,
  openCriteria,
} from './shared/criteria-store.js';
import { newId } from './shared/new-id.js';
import { criteriaParams } from './shared/schemas.js';
import { sealedReaderOf } from './shared/sealed-reader.js';
import { routeTools } from './shared/tools.js';
import { recordChange } from './shared/record-change.js';

const tag = 'Designation criteria';

const draftBody = z
  .object({
    title: textSchema,
    declarations: z
      .object({
        metrics: z.array(metricNameSchema).max(200),
        facts: z.record(metricNameSchema, z.enum(factTypes)).default({}),
      })
      .strict(),
    tiers: z
      .object({
        alert: z.array(criteriaRuleSchema).max(50).default([]),
        designate: z
          .array(criteriaRuleSchema)
          .min(1, 'the designate tier needs at least one rule')
          .max(50),
      })
      .strict(),
  })
  .strict();

const fullSchema = z
  .object({ version: criteriaVersionSchema, summary: criteriaSummarySchema })
  .strict();

const statusSchema = z
  .object({
    programmeStartAt: z.string(),
    /** The 60-day deadline from the programme's start: pending, overdue, met or met late. */
    criteriaDeadline: z.discriminatedUnion('status', [
      z
        .object({ status: z.literal('pending'), deadlineAt: z.string(), daysRemaining: z.number() })
        .strict(),
      z
        .object({ status: z.literal('overdue'), deadlineAt: z.string(), daysOverdue: z.number() })
        .strict(),
      z.object({ status: z.literal('met'), deadlineAt: z.string(), metAt: z.string() }).strict(),
      z
        .object({
          status: z.literal('met_late'),
          deadlineAt: z.string(),
          metAt: z.string(),
          daysLate: z.number(),
        })
        .strict(),
    ]),
    activeCriteria: z
      .object({ id: z.string(), version: z.number().int(), activatedAt: z.string() })
      .strict()
      .nullable(),
    windowCapDays: z.number().int(),
    agencies: z.array(
      z
        .object({ id: z.string(), shortName: z.string(), criteriaRole: z.enum(criteriaRoles) })
        .strict(),
    ),
    statement: z.string(),
  })
  .strict();

/** Criteria versions: drafted by the coordinator, signed by agency leads, sealed throughout. */
export function criteriaRoutes(): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/programme/status',
      tag: 'Programme',
      summary: 'Programme start, the 60-day criteria deadline, the window cap, the agencies',
      description:
        'What everyone signed in may know: dates and whether a criteria version is active, never its content.',
      access: 'signed-in',
      response: { status: 200, schema: statusSchema, description: 'The programme’s status.' },
      handler: async ({ context }) => {
        requireIdentity(context);
        const services = context.get('services');
        const data = programmeData(services.store.db);
        const all = await agencies(data);
        const records = await data.criteria.list();
        const firstActivatedAt = records
          .map((record) => activationOf(record, all).activatedAt)
          .filter((at): at is string => at !== undefined)
          .sort()[0];
        const active = await activeCriteria(data);
        const activeAt = active === undefined ? undefined : activationOf(active, all).activatedAt;
        return {
          programmeStartAt: services.options.programmeStartAt,
          criteriaDeadline: criteriaDeadlineStatus({
            startAt: services.options.programmeStartAt,
            now: services.clock.now().toISOString(),
            firstActivatedAt,
          }),
          activeCriteria:
            active === undefined || activeAt === undefined
              ? null
              : { id: active.id, version: active.version, activatedAt: activeAt },
          windowCapDays: services.options.windowCapDays,
          agencies: all.map((agency) => ({
            id: agency.id,
            shortName: agency.shortName,
            criteriaRole: agency.criteriaRole,
          })),
          statement:
            'Designations, findings and reports are information, never permission: nothing here approves, denies or delays a release.',
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/criteria',
      tag,
      summary: 'The criteria versions you may read (titles and signatures, no rules)',
      access: 'signed-in',
      actions: ['criteria.read'],
      response: {
        status: 200,
        schema: z.object({ versions: z.array(criteriaSummarySchema) }).strict(),
        description: 'The versions.',
      },
      handler: async ({ context }) => {
        const { data, guard } = routeTools(context);
        const all = await agencies(data);
        const visible = [];
        for (const record of await data.criteria.list()) {
          if ((await guard.decide('criteria.read', criteriaResource(record))).allowed) {
            visible.push(criteriaSummary(record, all));
          }
        }
        return { versions: visible.sort((first, second) => first.version - second.version) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/criteria',
      tag,
      summary: 'Draft a new criteria version',
      description:
        'Declarations (battery metrics and declared facts, with types) and rules in two tiers, alert and designate. A draft that does not parse or type-check is refused with every problem listed. The rules are sealed at once; the text never changes (a change is a new version).',
      access: 'signed-in',
      actions: ['criteria.draft'],
      body: draftBody,
      response: { status: 201, schema: fullSchema, description: 'The draft.' },
      problems: ['rule-refused'],
      handler: async ({ context, body }) => {
        const { services, data, guard, now, actor } = routeTools(context);
        const user = guard.identity.account.user;
        const marking = criteriaMarking(user.organisationId);
        const id = newId('criteria');
        await guard.require('criteria.draft', { kind: 'criteria', criteriaVersionId: id, marking });
        const existing = await data.criteria.list();
        const version = criteriaVersionSchema.parse({
          id,
          version: Math.max(0, ...existing.map((record) => record.version)) + 1,
          title: body.title,
          declarations: body.declarations,
          tiers: body.tiers,
          marking,
          draftedBy: user.id,
          draftedAt: now(),
          signatures: [],
        });
        const compiled = compileCriteria(version);
        if (!compiled.ok) {
          throw new CriteriaError('does_not_compile', 'the draft does not compile', {
            hint: 'fix each listed problem and draft again',
            problems: compiled.error,
          });
        }
        const record: CriteriaRecord = {
          id,
          version: version.version,
          title: version.title,
          marking,
          draftedBy: user.id,
          draftedAt: version.draftedAt,
          signatures: [],
        };
        await services.store.transaction(async (tx) => {
          // The rules are sealed with the version; two drafts racing for a number: one wins (409).
          await programmeData(tx).criteria.draft(version, services.sealed);
          await recordChange(
            services,
            actor,
            {
              action: 'criteria.draft',
              objectId: id,
              objectMarking: marking,
              details: { version: version.version },
            },
            tx,
          );
        });
        return { version, summary: criteriaSummary(record, await agencies(data)) };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/criteria/{criteriaVersionId}',
      tag,
      summary: 'One criteria version with its rules (a sealed read, recorded)',
      access: 'signed-in',
      actions: ['criteria.read'],
      params: criteriaParams,
      response: { status: 200, schema: fullSchema, description: 'The version.' },
      handler: async ({ context, params }) => {
        const { services, data, guard, actor } = routeTools(context);
        const record = await loadCriteriaRecord(data, params.criteriaVersionId);
        await guard.require('criteria.read', criteriaResource(record));
        const version = await openCriteria(
          services,
          record,
          sealedReaderOf(actor, 'read criteria'),
        );
        return { version, summary: criteriaSummary(record, await agencies(data)) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/criteria/{criteriaVersionId}/sign',
      tag,
      summary: 'Sign a version for your agency',
      description:
        'A lead of each required agency (Treasury, War/NSA, CISA, as seeded) signs; the version becomes active when all have. Consulted agencies may sign too.',
      access: 'signed-in',
      actions: ['criteria.sign'],
      params: criteriaParams,
      response: { status: 200, schema: fullSchema, description: 'The version with the signature.' },
      problems: ['rule-refused', 'conflict'],
      handler: async ({ context, params }) => {
        const { services, data, guard, now, actor } = routeTools(context);
        const record = await loadCriteriaRecord(data, params.criteriaVersionId);
        await guard.require('criteria.sign', criteriaResource(record));
        const version = await openCriteria(
          services,
          record,
          sealedReaderOf(actor, 'sign criteria'),
        );
        const all = await agencies(data);
        const signed = signCriteria(version, guard.identity.account.user, all, now());
        if (!signed.ok) throw signed.error;
        const updated: CriteriaRecord = { ...record, signatures: [...signed.value.signatures] };
        const signature = signed.value.signatures.find(
          (each) => !record.signatures.some((before) => before.agencyId === each.agencyId),
        );
        await services.store.transaction(async (tx) => {
          // One signature per agency: a second one racing this is refused by the store (409).
          if (signature !== undefined) {
            await programmeData(tx).criteria.addSignature(record.id, signature);
          }
          await recordChange(
            services,
            actor,
            {
              action: 'criteria.sign',
              objectId: record.id,
              objectMarking: record.marking,
              details: {
                agencyId: guard.identity.account.user.organisationId,
                active: activationOf(updated, all).active,
              },
            },
            tx,
          );
        });
        return { version: signed.value, summary: criteriaSummary(updated, all) };
      },
    }),
  ];
}
