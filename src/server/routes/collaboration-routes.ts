import { z } from 'zod';
import {
  evaluationTracks,
  idSchema,
  timestampSchema,
  trackAssignmentSchema,
  trustedPartnerSchema,
  type TrustedPartner,
} from '../../programme/index.js';
import { approvePartner, partnerStatus } from '../../programme/partner/partner-status.js';
import { assignAgency } from '../../programme/tracks/assign-agency.js';
import { programmeData } from '../data/programme-data.js';
import { HttpProblem } from '../http/http-problem.js';
import { defineRoute, type Route } from './route.js';
import { agencies } from './shared/criteria-store.js';
import { found, loadSubmissionRecord } from './shared/load.js';
import { newId } from './shared/new-id.js';
import { partnerParams, submissionParams } from './shared/schemas.js';
import { submissionResource } from './shared/submission-resource.js';
import { routeTools } from './shared/tools.js';
import { recordChange } from './shared/record-change.js';

const assignBody = z
  .object({
    track: z.enum(evaluationTracks, {
      error: () => `use one of ${evaluationTracks.join(', ')}`,
    }),
    agencyId: idSchema,
  })
  .strict();

const nominateBody = z
  .object({ partnerOrganisationId: idSchema, governmentPeriodEndsAt: timestampSchema })
  .strict();

const partnerViewSchema = z.object({ partner: trustedPartnerSchema, status: z.string() }).strict();

/** Track assignments (coordinator) and trusted partners, chosen jointly. */
export function collaborationRoutes(): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/submissions/{submissionId}/assignments',
      tag: 'Tracks',
      summary: 'Which agencies evaluate which track',
      access: 'signed-in',
      actions: ['submission.read'],
      params: submissionParams,
      response: {
        status: 200,
        schema: z.object({ assignments: z.array(trackAssignmentSchema) }).strict(),
        description: 'The assignments.',
      },
      handler: async ({ context, params }) => {
        const { data, guard } = routeTools(context);
        const record = await loadSubmissionRecord(data, params.submissionId);
        await guard.require('submission.read', await submissionResource(data, record));
        return { assignments: await data.assignments.list(params.submissionId) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/submissions/{submissionId}/assignments',
      tag: 'Tracks',
      summary:
        'Assign an agency to a track: structural vulnerabilities, insider risks, digital infrastructure',
      access: 'signed-in',
      actions: ['assignment.manage'],
      params: submissionParams,
      body: assignBody,
      response: { status: 201, schema: trackAssignmentSchema, description: 'The assignment.' },
      problems: ['rule-refused', 'conflict'],
      handler: async ({ context, params, body }) => {
        const { services, data, guard, now, actor } = routeTools(context);
        const record = await loadSubmissionRecord(data, params.submissionId);
        await guard.require('assignment.manage', await submissionResource(data, record));
        const assigned = assignAgency(
          { id: newId('assign'), submissionId: params.submissionId, ...body },
          guard.identity.account.user,
          await agencies(data),
          await data.assignments.list(params.submissionId),
          now(),
        );
        if (!assigned.ok) throw assigned.error;
        await services.store.transaction(async (tx) => {
          await programmeData(tx).assignments.insert(assigned.value);
          await recordChange(
            services,
            actor,
            {
              action: 'assignment.create',
              objectId: params.submissionId,
              objectMarking: record.marking,
              details: { track: body.track, agencyId: body.agencyId },
            },
            tx,
          );
        });
        return assigned.value;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/submissions/{submissionId}/partners',
      tag: 'Trusted partners',
      summary: 'The submission’s trusted partners and where each stands',
      access: 'signed-in',
      actions: ['submission.read'],
      params: submissionParams,
      response: {
        status: 200,
        schema: z.object({ partners: z.array(partnerViewSchema) }).strict(),
        description: 'The partners.',
      },
      handler: async ({ context, params }) => {
        const { data, guard, now } = routeTools(context);
        const record = await loadSubmissionRecord(data, params.submissionId);
        await guard.require('submission.read', await submissionResource(data, record));
        const partners = await data.partners.list(params.submissionId);
        return {
          partners: partners.map((partner) => ({ partner, status: partnerStatus(partner, now()) })),
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/submissions/{submissionId}/partners',
      tag: 'Trusted partners',
      summary: 'Nominate a trusted partner (no access until both sides approve)',
      description:
        'The coordinator nominates a partner organisation (a critical-infrastructure operator, tagged by sector) and the end of the government’s own period. Access starts only when both the government and the developer have approved, and that period has ended.',
      access: 'signed-in',
      actions: ['partner.approve_as_government'],
      params: submissionParams,
      body: nominateBody,
      response: { status: 201, schema: partnerViewSchema, description: 'The nomination.' },
      handler: async ({ context, params, body }) => {
        const { services, data, guard, now, actor } = routeTools(context);
        const record = await loadSubmissionRecord(data, params.submissionId);
        await guard.require(
          'partner.approve_as_government',
          await submissionResource(data, record),
        );
        const organisation = await data.organisations.get(body.partnerOrganisationId);
        if (organisation?.kind !== 'partner') {
          throw new HttpProblem(
            'invalid-request',
            `${body.partnerOrganisationId} is not a partner organisation`,
            {
              errors: [
                {
                  field: 'body.partnerOrganisationId',
                  problem: 'not a partner organisation',
                  fix: 'add the partner first (POST /api/organisations with kind "partner") and use its id',
                },
              ],
            },
          );
        }
        const partner: TrustedPartner = {
          id: newId('partner'),
          submissionId: params.submissionId,
          partnerOrganisationId: body.partnerOrganisationId,
          governmentPeriodEndsAt: body.governmentPeriodEndsAt,
        };
        await services.store.transaction(async (tx) => {
          await programmeData(tx).partners.insert(partner);
          await recordChange(
            services,
            actor,
            {
              action: 'partner.nominate',
              objectId: partner.id,
              objectMarking: record.marking,
              details: {
                partnerOrganisationId: partner.partnerOrganisationId,
              },
            },
            tx,
          );
        });
        return { partner, status: partnerStatus(partner, now()) };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/partners/{partnerId}/approve',
      tag: 'Trusted partners',
      summary:
        'Approve a partner for your side: the government (coordinator) or the developer (its admin)',
      access: 'signed-in',
      actions: ['partner.approve_as_government', 'partner.approve_as_developer'],
      params: partnerParams,
      response: { status: 200, schema: partnerViewSchema, description: 'The partner.' },
      problems: ['rule-refused', 'conflict'],
      handler: async ({ context, params }) => {
        const { services, data, guard, now, actor } = routeTools(context);
        const partner = found(
          await data.partners.get(params.partnerId),
          `partner ${params.partnerId}`,
        );
        const record = await loadSubmissionRecord(data, partner.submissionId);
        const user = guard.identity.account.user;
        const side = user.role === 'coordinator' ? 'government' : 'developer';
        await guard.require(
          side === 'government' ? 'partner.approve_as_government' : 'partner.approve_as_developer',
          await submissionResource(data, record),
        );
        const approved = approvePartner(
          partner,
          side,
          user,
          { developerOrganisationId: record.submission.developerOrganisationId },
          now(),
        );
        if (!approved.ok) throw approved.error;
        const approval =
          side === 'government'
            ? approved.value.governmentApproval
            : approved.value.developerApproval;
        const approvedAt = approval?.approvedAt ?? now();
        await services.store.transaction(async (tx) => {
          // One approval per side: a second one racing this is refused by the store (409).
          await programmeData(tx).partners.approve(partner.id, side, user.id, approvedAt);
          await recordChange(
            services,
            actor,
            {
              action: 'partner.approve',
              objectId: partner.id,
              objectMarking: record.marking,
              details: { side },
            },
            tx,
          );
        });
        return { partner: approved.value, status: partnerStatus(approved.value, now()) };
      },
    }),
  ];
}
