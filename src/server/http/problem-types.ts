/**
 * Every kind of problem the API answers with, by slug: its HTTP status and title. The slug is
 * the last part of the problem's `type` URI; the API reference lists them all.
 */
export const problemTypes = {
  'invalid-request': { status: 400, title: 'The request is not valid' },
  'malformed-json': { status: 400, title: 'The request body is not valid JSON' },
  unauthenticated: { status: 401, title: 'Sign in first' },
  'second-factor-required': { status: 401, title: 'A second factor is required' },
  'setup-required': { status: 403, title: 'Finish setting up the account first' },
  forbidden: { status: 403, title: 'Not allowed' },
  'csrf-rejected': { status: 403, title: 'Cross-site request refused' },
  'approval-required': { status: 403, title: 'A second person must approve this first' },
  'bulk-export-refused': { status: 403, title: 'Bulk export is refused' },
  'not-found': { status: 404, title: 'Not found' },
  'method-not-allowed': { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'The request conflicts with the current state' },
  gone: { status: 410, title: 'The data was purged' },
  'payload-too-large': { status: 413, title: 'The request body is too large' },
  'unsupported-media-type': { status: 415, title: 'Send JSON' },
  'rule-refused': { status: 422, title: 'A programme rule refused the request' },
  'too-many-requests': { status: 429, title: 'Too many requests' },
  'internal-error': { status: 500, title: 'Internal error' },
  unavailable: { status: 503, title: 'The service is not available' },
} as const satisfies Readonly<Record<string, { status: number; title: string }>>;

export type ProblemSlug = keyof typeof problemTypes;

/** The `type` URI of a problem slug. */
export function problemTypeUri(slug: ProblemSlug): string {
  return `/api/problems/${slug}`;
}
