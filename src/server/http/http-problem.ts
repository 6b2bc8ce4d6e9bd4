import { VigilError } from '../../core/errors/vigil-error.js';
import type { FieldProblem } from './problem.js';
import { problemTypes, type ProblemSlug } from './problem-types.js';

/**
 * The one error the HTTP layer throws: a problem to answer with. Routes and middleware throw it;
 * `problemResponse` turns it (and every domain error, through `mapError`) into an RFC 9457
 * response in one place.
 */
export class HttpProblem extends VigilError {
  readonly slug: ProblemSlug;
  readonly status: number;
  readonly fieldErrors: readonly FieldProblem[] | undefined;
  /** Extra response headers, e.g. `Retry-After`. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    slug: ProblemSlug,
    detail: string,
    options: {
      hint?: string;
      errors?: readonly FieldProblem[];
      headers?: Readonly<Record<string, string>>;
      cause?: unknown;
    } = {},
  ) {
    super(detail, options);
    this.slug = slug;
    this.status = problemTypes[slug].status;
    this.fieldErrors = options.errors;
    this.headers = options.headers ?? {};
  }
}
