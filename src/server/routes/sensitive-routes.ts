import { z } from 'zod';
import {
  isDowngrade,
  markingSchema,
  type ApprovalRequest,
  type Marking,
  type SensitiveAction,
} from '../../programme/index.js';
import { findUsableApproval, useApproval } from '../../programme/approval/two-person-approval.js';
import { SealedDataError } from '../../sealed/errors/sealed-data-error.js';
import { auditSealedRead } from '../authorization/sealed-read-audit.js';
import { transcriptRef } from '../jobs/transcript-ref.js';
import { programmeData } from '../data/programme-data.js';
import { runRecordSchema, type SubmissionRecord } from '../data/records.js';
import { HttpProblem } from '../http/http-problem.js';
import type { Executor } from '../../store/store.js';
import { credentialSchema } from './credential.js';
import { defineRoute, type Route } from './route.js';
import { loadSubmissionRecord } from './shared/load.js';
import { programme } from './shared/programme-resource.js';
import { submissionParams } from './shared/schemas.js';
import { submissionResource } from './shared/submission-resource.js';
import { isSealedSuite, sealedItemsAccess } from './shared/sealed-items-access.js';
import { sealedReaderOf } from './shared/sealed-reader.js';
import { routeTools, type RouteTools } from './shared/tools.js';
import { submissionView, submissionViewSchema } from './submission-views.js';
import { recordChange } from './shared/record-change.js';

const tag = 'Sensitive actions';

/** The most log text one export returns. */
const exportLimitBytes = 8 * 1024 * 1024;

/** The object a sensitive action on a submission targets, as named in the approval request. */
function objectIdFor(action: SensitiveAction, submissionId: string): string {
  const prefix = {
    'credential.unmask': 'credential',
    'transcripts.export': 'transcripts',
    'marking.lower': 'marking',
  }[action];
  return `${prefix}:${submissionId}`;
}

/**
 * Checks the policy for a sensitive action (which demands a usable approval of the caller's own
 * request by someone else) and marks that approval used, in the caller's transaction.
 */
async function authoriseSensitive(
  tools: RouteTools,
  action: SensitiveAction,
  record: SubmissionRecord,
): Promise<ApprovalRequest> {
  const { data, guard, now } = tools;
  const objectId = objectIdFor(action, record.submission.id);
  await guard.require(
    action,
    await submissionResource(data, record, { evaluation: true, objectId }),
  );
  const subject = await guard.subject();
  const approval = findUsableApproval(
    subject.approvals,
    { userId: subject.user.id, action, objectId, submissionId: record.submission.id },
    now(),
  );
  if (approval === undefined) {
    throw new HttpProblem('approval-required', `${action} needs an approved request`, {
      hint: 'request it (POST /api/approvals) and have a security officer approve it',
    });
  }
  const used = useApproval(approval, now());
  if (!used.ok) throw used.error;
  return used.value;
}

/**
 * Records that an approval was used, in the caller's transaction. The store writes the use only
 * over an approved, unused request, so two requests racing on one approval cannot both use it.
 */
async function markUsed(approval: ApprovalRequest, db: Executor): Promise<void> {
  if (!(await programmeData(db).approvals.saveUse(approval))) {
    throw new HttpProblem('approval-required', 'the approval has just been used', {
      hint: 'each approval covers one action; request another',
    });
  }
}

/** A run's sealed transcript, within what is left of the export's budget. */
async function readTranscript(
  tools: RouteTools,
  runId: string,
  marking: Marking,
  approvalId: string,
  budget: number,
): Promise<{ text: string | null; truncated: boolean }> {
  const { services, actor } = tools;
  let text: string;
  try {
    text = await services.sealed.openText(
      transcriptRef(runId),
      auditSealedRead(
        services,
        sealedReaderOf(actor, `export transcripts (approval ${approvalId})`, marking),
      ),
    );
  } catch (error) {
    if (error instanceof SealedDataError) return { text: null, truncated: false };
    throw error;
  }
  return text.length > budget ? { text: null, truncated: true } : { text, truncated: false };
}

const unmaskedSchema = z
  .object({ credential: credentialSchema, approvalId: z.string(), notice: z.string() })
  .strict();

const exportSchema = z
  .object({
    submissionId: z.string(),
    approvalId: z.string(),
    runs: z.array(
      z
        .object({
          record: runRecordSchema,
          log: z.string().nullable(),
          truncated: z.boolean(),
          /** Why the log is not here though it exists (it holds sealed items the caller may not read). */
          withheld: z.string().exactOptional(),
        })
        .strict(),
    ),
  })
  .strict();

/** Unmask a credential, export one submission's transcripts, lower a marking; bulk export: never. */
export function sensitiveRoutes(): Route[] {
  return [
    defineRoute({
      method: 'post',
      path: '/api/submissions/{submissionId}/credential/unmask',
      tag,
      summary: 'Show the stored access credential (two-person approval, used once)',
      access: 'signed-in',
      actions: ['credential.unmask'],
      params: submissionParams,
      response: { status: 200, schema: unmaskedSchema, description: 'The credential.' },
      problems: ['approval-required', 'gone'],
      handler: async ({ context, params }) => {
        const tools = routeTools(context);
        const { services, data, actor } = tools;
        const record = await loadSubmissionRecord(data, params.submissionId);
        const approval = await authoriseSensitive(tools, 'credential.unmask', record);
        // The approval is spent first, in its own transaction, so it covers one attempt; the
        // read is then recorded on its own, so a failed attempt (a purged credential) stays on
        // the record too.
        await services.store.transaction((tx) => markUsed(approval, tx));
        const text = await data.submissions.openCredential(
          params.submissionId,
          services.sealed,
          auditSealedRead(
            services,
            sealedReaderOf(
              actor,
              `unmask the credential (approval ${approval.id})`,
              record.marking,
            ),
          ),
        );
        if (text === undefined) {
          throw new HttpProblem('not-found', 'no access credential was ever stored for it', {
            hint: 'the developer stores one with PUT /api/submissions/{submissionId}/access-grant',
          });
        }
        return {
          credential: credentialSchema.parse(JSON.parse(text)),
          approvalId: approval.id,
          notice: 'this read is recorded; do not copy the key anywhere',
        };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/submissions/{submissionId}/transcripts/export',
      tag,
      summary: 'Export one submission’s transcripts (two-person approval, used once)',
      access: 'signed-in',
      actions: ['transcripts.export'],
      params: submissionParams,
      response: { status: 200, schema: exportSchema, description: 'The runs and their logs.' },
      problems: ['approval-required'],
      handler: async ({ context, params }) => {
        const tools = routeTools(context);
        const { services, data, actor } = tools;
        const record = await loadSubmissionRecord(data, params.submissionId);
        const approval = await authoriseSensitive(tools, 'transcripts.export', record);
        const runs = await data.runs.list(params.submissionId);
        let budget = exportLimitBytes;
        const exported: z.input<typeof exportSchema>['runs'] = [];
        const mayReadItems = sealedItemsAccess(tools);
        for (const run of runs) {
          if (isSealedSuite(run.run.suite) && !(await mayReadItems(run.run.suite))) {
            exported.push({
              record: run,
              log: null,
              truncated: false,
              withheld: `it holds the sealed items of ${run.run.suite}; exporting it takes clearance to read them (benchmark.open)`,
            });
            continue;
          }
          const log = await readTranscript(tools, run.run.id, record.marking, approval.id, budget);
          budget -= log.text?.length ?? 0;
          exported.push({ record: run, log: log.text, truncated: log.truncated });
        }
        await services.store.transaction(async (tx) => {
          await markUsed(approval, tx);
          await recordChange(
            services,
            actor,
            {
              action: 'transcripts.export',
              objectId: params.submissionId,
              objectMarking: record.marking,
              details: {
                approvalId: approval.id,
                runs: runs.length,
                withheld: exported.filter((run) => run.withheld !== undefined).length,
              },
            },
            tx,
          );
        });
        return { submissionId: params.submissionId, approvalId: approval.id, runs: exported };
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/submissions/{submissionId}/marking/lower',
      tag,
      summary: 'Lower the submission’s marking (two-person approval of exactly this change)',
      access: 'signed-in',
      actions: ['marking.lower'],
      params: submissionParams,
      body: z.object({ to: markingSchema }).strict(),
      response: {
        status: 200,
        schema: submissionViewSchema,
        description: 'The submission with its new marking.',
      },
      problems: ['approval-required', 'rule-refused'],
      handler: async ({ context, params, body }) => {
        const tools = routeTools(context);
        const { services, data, now, actor } = tools;
        const record = await loadSubmissionRecord(data, params.submissionId);
        if (!isDowngrade(record.marking, body.to)) {
          throw new HttpProblem(
            'rule-refused',
            'the new marking is not lower than the current one',
            {
              hint: 'raising a marking needs no second person',
            },
          );
        }
        const approval = await authoriseSensitive(tools, 'marking.lower', record);
        const request = approval.request;
        if (
          request.action !== 'marking.lower' ||
          JSON.stringify(request.to) !== JSON.stringify(body.to)
        ) {
          throw new HttpProblem(
            'approval-required',
            'the approved request was for a different marking',
            {
              hint: 'ask for approval of exactly this change',
            },
          );
        }
        const updated: SubmissionRecord = { ...record, marking: body.to };
        await services.store.transaction(async (tx) => {
          await markUsed(approval, tx);
          await programmeData(tx).submissions.setMarking(params.submissionId, updated.marking);
          await recordChange(
            services,
            actor,
            {
              action: 'marking.lower',
              objectId: params.submissionId,
              objectMarking: updated.marking,
              details: {
                from: record.marking,
                approvalId: approval.id,
              },
            },
            tx,
          );
        });
        return submissionView(data, updated, now());
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/export',
      tag,
      summary: 'Bulk export — always refused',
      description:
        'No role, grant or approval makes a bulk export acceptable. The refusal is recorded.',
      access: 'signed-in',
      actions: ['export.bulk'],
      response: { status: 200, schema: z.never(), description: 'Never.' },
      problems: ['bulk-export-refused'],
      handler: async ({ context }) => {
        const { guard } = routeTools(context);
        await guard.require('export.bulk', programme);
        throw new HttpProblem('bulk-export-refused', 'bulk export is always refused');
      },
    }),
  ];
}
