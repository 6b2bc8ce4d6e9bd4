import type { z } from 'zod';
import type { Action } from '../../programme/index.js';
import type { AppContext } from '../context.js';
import { describeIssues } from '../../core/validation/parse-with.js';
import { HttpProblem } from '../http/http-problem.js';
import type { ProblemSlug } from '../http/problem-types.js';
import { readJsonBody, readParams, readQuery } from '../http/read-request.js';

type Output<Schema> = Schema extends z.ZodType ? z.output<Schema> : undefined;

/** Who may call a route before the policy is asked. */
export type RouteAccess =
  /** Anyone (health, reference, sign-in). */
  | 'public'
  /** A signed-in person whose account is still being set up (new password, second factor). */
  | 'setup'
  /** A signed-in, set-up person or an API token; the handler asks the policy. */
  | 'signed-in';

/** What a handler receives: the request context and the validated inputs. */
export interface RouteInput<Params, Query, Body> {
  readonly context: AppContext;
  readonly params: Output<Params>;
  readonly query: Output<Query>;
  readonly body: Output<Body>;
}

/** A route as written: its documentation, its input schemas, its response and its handler. */
export interface RouteSpec<
  Params extends z.ZodType | undefined,
  Query extends z.ZodType | undefined,
  Body extends z.ZodType | undefined,
  Result extends z.ZodType,
> {
  readonly method: 'get' | 'post' | 'put' | 'delete';
  /** OpenAPI form, e.g. `/api/submissions/{submissionId}`. */
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  readonly description?: string;
  readonly access: RouteAccess;
  /** The policy actions the handler decides on (shown in the reference). */
  readonly actions?: readonly Action[];
  readonly params?: Params;
  readonly query?: Query;
  readonly body?: Body;
  readonly response: {
    readonly status: 200 | 201 | 202;
    readonly schema: Result;
    readonly description: string;
  };
  /** Problems this route can answer with besides the common ones. */
  readonly problems?: readonly ProblemSlug[];
  /**
   * False exempts the route from rate limiting: recording a release or a withdrawal must never
   * be delayed, not even by a 429.
   */
  readonly throttled?: boolean;
  readonly handler: (input: RouteInput<Params, Query, Body>) => Promise<z.input<Result>>;
}

/** A route with its types erased: what the app mounts and the reference documents. */
export interface Route {
  readonly method: 'get' | 'post' | 'put' | 'delete';
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  readonly description: string | undefined;
  readonly access: RouteAccess;
  readonly actions: readonly Action[];
  readonly schemas: {
    readonly params: z.ZodType | undefined;
    readonly query: z.ZodType | undefined;
    readonly body: z.ZodType | undefined;
    readonly response: z.ZodType;
  };
  readonly status: number;
  readonly responseDescription: string;
  readonly problems: readonly ProblemSlug[];
  readonly throttled: boolean;
  /** Validates the inputs, runs the handler, answers with JSON. */
  run(context: AppContext, options: { validateResponse: boolean }): Promise<Response>;
}

/** Defines a route; the inputs are validated before the handler sees them. */
export function defineRoute<
  Params extends z.ZodType | undefined = undefined,
  Query extends z.ZodType | undefined = undefined,
  Body extends z.ZodType | undefined = undefined,
  Result extends z.ZodType = z.ZodType,
>(spec: RouteSpec<Params, Query, Body, Result>): Route {
  return {
    method: spec.method,
    path: spec.path,
    tag: spec.tag,
    summary: spec.summary,
    description: spec.description,
    access: spec.access,
    actions: spec.actions ?? [],
    schemas: {
      params: spec.params,
      query: spec.query,
      body: spec.body,
      response: spec.response.schema,
    },
    status: spec.response.status,
    responseDescription: spec.response.description,
    problems: spec.problems ?? [],
    throttled: spec.throttled ?? true,
    run: async (context, options) => {
      const params = (
        spec.params === undefined ? undefined : readParams(context, spec.params)
      ) as Output<Params>;
      const query = (
        spec.query === undefined ? undefined : readQuery(context, spec.query)
      ) as Output<Query>;
      const body = (
        spec.body === undefined ? undefined : await readJsonBody(context, spec.body)
      ) as Output<Body>;
      const result = await spec.handler({ context, params, query, body });
      let payload: unknown = result;
      if (options.validateResponse) {
        const checked = spec.response.schema.safeParse(result);
        if (!checked.success) {
          throw new HttpProblem(
            'internal-error',
            `the response of ${spec.method.toUpperCase()} ${spec.path} does not match its schema: ${describeIssues(checked.error)}`,
          );
        }
        payload = checked.data;
      }
      return context.json(payload as object, spec.response.status);
    },
  };
}

/** `/api/submissions/{submissionId}` → `/api/submissions/:submissionId` (Hono's form). */
export function honoPath(path: string): string {
  return path.replaceAll(/\{([A-Za-z0-9_]+)\}/g, ':$1');
}
