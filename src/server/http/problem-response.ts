import type { HttpProblem } from './http-problem.js';
import { problemMediaType, type Problem } from './problem.js';
import { problemTypes, problemTypeUri } from './problem-types.js';

/** The RFC 9457 document for a problem met while serving `instance`. */
export function problemDocument(problem: HttpProblem, instance: string): Problem {
  return {
    type: problemTypeUri(problem.slug),
    title: problemTypes[problem.slug].title,
    status: problem.status,
    detail: problem.message,
    instance,
    ...(problem.hint === undefined ? {} : { hint: problem.hint }),
    ...(problem.fieldErrors === undefined ? {} : { errors: problem.fieldErrors }),
  };
}

/** The response for a problem: `application/problem+json`, with its extra headers. */
export function problemResponse(problem: HttpProblem, instance: string): Response {
  const headers = new Headers({ 'Content-Type': problemMediaType });
  for (const [name, value] of Object.entries(problem.headers)) headers.set(name, value);
  return new Response(JSON.stringify(problemDocument(problem, instance)), {
    status: problem.status,
    headers,
  });
}
