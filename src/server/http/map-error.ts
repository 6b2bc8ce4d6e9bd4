import { InputError } from '../../core/errors/input-error.js';
import { VigilError } from '../../core/errors/vigil-error.js';
import { ApprovalError } from '../../programme/errors/approval-error.js';
import { CriteriaError } from '../../programme/errors/criteria-error.js';
import { TransitionError } from '../../programme/errors/transition-error.js';
import { SealedDataError } from '../../sealed/errors/sealed-data-error.js';
import { AppendOnlyError } from '../../store/errors/append-only-error.js';
import { StoreQueryError } from '../../store/errors/store-query-error.js';
import { StoreUnavailableError } from '../../store/errors/store-unavailable-error.js';
import { UniqueViolationError } from '../../store/errors/unique-violation-error.js';
import { describeProblem } from '../../programme/criteria/compile-criteria.js';
import { HttpProblem } from './http-problem.js';
import type { ProblemSlug } from './problem-types.js';

/** Domain refusals that mean "not now, the state is otherwise" rather than "never like this". */
const conflictCodes = new Set([
  'already_assigned',
  'already_approved',
  'already_signed',
  'not_pending',
  'expired',
  'not_approved',
  'revoked',
]);

function hintOf(error: VigilError): { hint?: string } {
  return error.hint === undefined ? {} : { hint: error.hint };
}

function codeOf(error: VigilError): string | undefined {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

function approvalSlug(error: ApprovalError): ProblemSlug {
  switch (error.code) {
    case 'bulk_export_refused':
      return 'bulk-export-refused';
    case 'invalid_request':
      return 'invalid-request';
    case 'requester_role':
    case 'approver_role':
    case 'self_approval':
      return 'forbidden';
    case 'not_pending':
    case 'not_approved':
    case 'expired':
      return 'conflict';
    case 'not_a_downgrade':
      return 'rule-refused';
  }
}

/**
 * The one place a domain or store error becomes an HTTP problem. Domain refusals keep their
 * message and hint (they are written for people); anything unexpected becomes a 500 that says
 * only that, with the request id to find it in the server's log.
 */
export function mapError(error: unknown, requestId: string): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof TransitionError) {
    return new HttpProblem('conflict', error.message, hintOf(error));
  }
  if (error instanceof ApprovalError) {
    return new HttpProblem(approvalSlug(error), error.message, hintOf(error));
  }
  if (error instanceof CriteriaError) {
    return new HttpProblem(
      conflictCodes.has(error.code) ? 'conflict' : 'rule-refused',
      error.message,
      {
        ...hintOf(error),
        errors: error.problems.map((problem) => ({
          field:
            problem.ruleId === undefined
              ? 'body.declarations'
              : `body.tiers.${problem.tier ?? ''}.${problem.ruleId}`,
          problem: describeProblem(problem),
          fix: problem.hint,
        })),
      },
    );
  }
  if (error instanceof UniqueViolationError) {
    return new HttpProblem('conflict', 'an object with that id or name exists already', {
      hint: 'choose another name, or read the existing object',
    });
  }
  if (error instanceof StoreQueryError && error.sqlState?.startsWith('23') === true) {
    // An integrity rule of the schema refused what the code did not check first. Only the
    // rule's name goes out: the database's own message may quote the values.
    return new HttpProblem(
      'rule-refused',
      `the store's rule ${error.constraint ?? error.sqlState} refused the change`,
      { hint: 'nothing was stored; check the request against the rule named', cause: error },
    );
  }
  if (error instanceof AppendOnlyError) {
    return new HttpProblem('rule-refused', 'records of this kind are never changed or deleted', {
      hint: 'nothing was stored; record a new event instead',
      cause: error,
    });
  }
  if (error instanceof StoreUnavailableError) {
    return new HttpProblem('unavailable', 'the store cannot be reached', {
      hint: 'try again shortly; the operator sees the cause in the server’s log',
      cause: error,
    });
  }
  if (error instanceof SealedDataError && error.code === 'purged') {
    return new HttpProblem('gone', error.message, hintOf(error));
  }
  if (error instanceof SealedDataError && error.code === 'not_found') {
    return new HttpProblem('not-found', 'the sealed value does not exist', hintOf(error));
  }
  if (error instanceof InputError) {
    return new HttpProblem('invalid-request', error.message, hintOf(error));
  }
  if (error instanceof VigilError && isDomainRefusal(error)) {
    const code = codeOf(error) ?? '';
    return new HttpProblem(conflictCodes.has(code) ? 'conflict' : 'rule-refused', error.message, {
      ...hintOf(error),
    });
  }
  return new HttpProblem(
    'internal-error',
    `the server could not complete the request (request ${requestId})`,
    { hint: 'try again; if it keeps failing, give the request id to the operator', cause: error },
  );
}

/** The programme's refusals carry a `code` and are raised by the domain, not the store. */
function isDomainRefusal(error: VigilError): boolean {
  return codeOf(error) !== undefined && !(error instanceof SealedDataError);
}
