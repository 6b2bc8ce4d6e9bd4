import type { ProgrammeData } from '../../data/programme-data.js';
import type { SubmissionRecord } from '../../data/records.js';
import { HttpProblem } from '../../http/http-problem.js';

/** The submission (locked until the transaction ends, with `lock`), or a 404. */
export async function loadSubmissionRecord(
  data: ProgrammeData,
  submissionId: string,
  options: { readonly lock?: boolean } = {},
): Promise<SubmissionRecord> {
  const record = await data.submissions.get(submissionId, options);
  if (record === undefined) {
    throw new HttpProblem('not-found', `there is no submission ${submissionId}`, {
      hint: 'list the submissions you may see: GET /api/submissions',
    });
  }
  return record;
}

/** An object of any kind, or a 404 naming what was looked for. */
export function found<Value>(value: Value | undefined, what: string, hint?: string): Value {
  if (value === undefined) {
    throw new HttpProblem('not-found', `there is no ${what}`, hint === undefined ? {} : { hint });
  }
  return value;
}
