import { z } from 'zod';
import {
  declaredFactsSchema,
  determinationSchema,
  idSchema,
  sanitisedDeterminationSchema,
  type DeterminationResource,
  type Marking,
} from '../../programme/index.js';
import { designationEvent } from '../../programme/determination/designation-event.js';
import { recordDetermination } from '../../programme/determination/record-determination.js';
import { sanitiseDetermination } from '../../programme/determination/sanitise-determination.js';
import { deriveMarking } from '../../programme/marking/derive-marking.js';
import { batteryFromRuns } from '../../programme/run/battery-from-runs.js';
import { assignedAgencyIds } from '../../programme/tracks/assign-agency.js';
import { auditSealedRead } from '../authorization/sealed-read-audit.js';
import { criteriaMarking, evaluationMarking } from '../authorization/markings.js';
import { programmeOffice } from '../bootstrap.js';
import { programmeData, type ProgrammeData } from '../data/programme-data.js';
import type { DeterminationRecord } from '../data/records.js';
import { HttpProblem } from '../http/http-problem.js';
import { defineRoute, type Route } from './route.js';
import { activeCriteria, agencies, openCriteria } from './shared/criteria-store.js';
import { found, loadSubmissionRecord } from './shared/load.js';
import { newId } from './shared/new-id.js';
import { recordSubmissionEvent } from './shared/record-event.js';
import { determinationParams, submissionParams } from './shared/schemas.js';
import { sealedReaderOf } from './shared/sealed-reader.js';
import { routeTools } from './shared/tools.js';
import { recordChange } from './shared/record-change.js';

const tag = 'Determinations';

const recordBody = z
  .object({
    submissionId: idSchema,
    /** Declared facts about the model (e.g. training compute), usable in rules. */
    facts: declaredFactsSchema.default({}),
    /** The battery's runs; all succeeded runs of the submission when left out. */
    runIds: z.array(idSchema).max(100).exactOptional(),
  })
  .strict();

const recordedSchema = z
  .object({
    determination: determinationSchema,
    release: sanitisedDeterminationSchema,
    appliedToSubmission: z.boolean(),
    note: z.string(),
  })
  .strict();

async function determinationResource(
  data: ProgrammeData,
  record: Pick<DeterminationRecord, 'id' | 'developerOrganisationId' | 'submissionId' | 'marking'>,
): Promise<DeterminationResource> {
  const assignments =
    record.submissionId === undefined ? [] : await data.assignments.list(record.submissionId);
  return {
    kind: 'determination',
    determinationId: record.id,
    developerOrganisationId: record.developerOrganisationId,
    submissionId: record.submissionId,
    marking: record.marking,
    assignedAgencyIds:
      record.submissionId === undefined ? [] : assignedAgencyIds(record.submissionId, assignments),
  };
}

async function loadDetermination(data: ProgrammeData, id: string): Promise<DeterminationRecord> {
  return found(await data.determinations.get(id), `determination ${id}`);
}

/** Determinations: recorded by the adjudicator, sealed; the developer gets the sanitised release. */
export function determinationRoutes(): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/determinations',
      tag,
      summary: 'Record a determination from the battery’s runs and the active criteria',
      description:
        'The adjudicator records it; it is sealed (inputs, criteria version, outcome). When it designates or not, it is applied to the submission; insufficient evidence designates nothing either way. Designation is information, not permission, and separate from the developer’s participation.',
      access: 'signed-in',
      actions: ['determination.record'],
      body: recordBody,
      response: { status: 201, schema: recordedSchema, description: 'The determination.' },
      problems: ['rule-refused', 'conflict'],
      handler: async ({ context, body }) => {
        const { services, data, guard, now, actor } = routeTools(context);
        const submission = await loadSubmissionRecord(data, body.submissionId);
        const model = found(await data.models.get(submission.submission.modelId), 'model');
        const criteria = await activeCriteria(data);
        const inputMarking = evaluationMarking(submission.marking, submission.submission.id);
        // The policy decides on the marking the determination will carry, before anything about
        // the criteria is revealed (even whether a version is active).
        const criteriaSide = criteria?.marking ?? criteriaMarking(programmeOffice.id);
        const derived = deriveMarking([criteriaSide, inputMarking], {
          ownerId: criteriaSide.ownerId,
        });
        const marking: Marking = derived.ok ? derived.value : criteriaSide;
        const id = newId('det');
        await guard.require(
          'determination.record',
          await determinationResource(data, {
            id,
            developerOrganisationId: model.developerOrganisationId,
            submissionId: submission.submission.id,
            marking,
          }),
        );
        if (criteria === undefined) {
          throw new HttpProblem('rule-refused', 'no criteria version is active yet', {
            hint: 'a lead of every required agency must sign a version first (GET /api/programme/status)',
          });
        }
        const allRuns = (await data.runs.list(submission.submission.id)).map(
          (record) => record.run,
        );
        const runs =
          body.runIds === undefined
            ? allRuns
            : allRuns.filter((run) => body.runIds?.includes(run.id));
        const battery = batteryFromRuns(runs);
        if (!battery.ok) throw battery.error;
        const version = await openCriteria(
          services,
          criteria,
          sealedReaderOf(actor, 'record a determination'),
        );
        const recorded = recordDetermination(
          {
            id,
            model,
            submission: submission.submission,
            criteria: version,
            agencies: await agencies(data),
            metrics: battery.value.metrics,
            facts: body.facts,
            runIds: battery.value.runIds,
            inputMarking,
          },
          guard.identity.account.user,
          now(),
        );
        if (!recorded.ok) throw recorded.error;
        const determination = recorded.value;
        const release = sanitiseDetermination(determination);
        await services.store.transaction(async (tx) => {
          await programmeData(tx).determinations.record(determination, services.sealed);
          await recordChange(
            services,
            actor,
            {
              action: 'determination.record',
              objectId: id,
              objectMarking: determination.marking,
              details: { criteriaVersionId: criteria.id },
            },
            tx,
          );
        });
        const event = designationEvent(determination, actor.userId, now());
        if (!event.ok) {
          return {
            determination,
            release,
            appliedToSubmission: false,
            note: event.error.describe(),
          };
        }
        try {
          await recordSubmissionEvent(services, actor, submission.submission.id, () => event.value);
        } catch (error) {
          return {
            determination,
            release,
            appliedToSubmission: false,
            note: `recorded, but not applied to the submission: ${error instanceof Error ? error.message : 'refused'}`,
          };
        }
        return {
          determination,
          release,
          appliedToSubmission: true,
          note: `the submission is now ${release.status === 'designated' ? 'designated' : 'not designated'}`,
        };
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/determinations/{determinationId}',
      tag,
      summary: 'A determination in full (a sealed read, recorded)',
      access: 'signed-in',
      actions: ['determination.read_sealed'],
      params: determinationParams,
      response: { status: 200, schema: determinationSchema, description: 'The determination.' },
      handler: async ({ context, params }) => {
        const { services, data, guard, actor } = routeTools(context);
        const record = await loadDetermination(data, params.determinationId);
        await guard.require('determination.read_sealed', await determinationResource(data, record));
        return found(
          await data.determinations.open(
            record.id,
            services.sealed,
            auditSealedRead(
              services,
              sealedReaderOf(actor, 'read a determination', record.marking),
            ),
          ),
          `determination ${record.id}`,
        );
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/determinations/{determinationId}/release',
      tag,
      summary: 'The sanitised release of a determination, for the developer',
      description:
        'Status and the statement that it is information, not permission. Never a threshold, rule or metric.',
      access: 'signed-in',
      actions: ['determination.read_sanitised'],
      params: determinationParams,
      response: { status: 200, schema: sanitisedDeterminationSchema, description: 'The release.' },
      handler: async ({ context, params }) => {
        const { data, guard } = routeTools(context);
        const record = await loadDetermination(data, params.determinationId);
        await guard.require(
          'determination.read_sanitised',
          await determinationResource(data, record),
        );
        return record.release;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/submissions/{submissionId}/determination',
      tag,
      summary: 'The sanitised release of the submission’s latest determination',
      access: 'signed-in',
      actions: ['determination.read_sanitised'],
      params: submissionParams,
      response: { status: 200, schema: sanitisedDeterminationSchema, description: 'The release.' },
      handler: async ({ context, params }) => {
        const { data, guard } = routeTools(context);
        const submission = await loadSubmissionRecord(data, params.submissionId);
        const records = (await data.determinations.list(submission.submission.modelId))
          .filter((record) => record.submissionId === params.submissionId)
          .sort((first, second) => first.determinedAt.localeCompare(second.determinedAt));
        const latest = found(records.at(-1), `determination for submission ${params.submissionId}`);
        await guard.require(
          'determination.read_sanitised',
          await determinationResource(data, latest),
        );
        return latest.release;
      },
    }),
  ];
}
