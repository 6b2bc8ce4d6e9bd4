import { problemSchema } from '../http/problem.js';
import { problemTypes, problemTypeUri, type ProblemSlug } from '../http/problem-types.js';
import type { Route } from '../routes/route.js';
import { jsonSchemaOf, type JsonSchema } from './json-schema.js';

/** What every route can answer with, besides its own problems. */
const commonProblems: readonly ProblemSlug[] = [
  'invalid-request',
  'malformed-json',
  'unsupported-media-type',
  'payload-too-large',
  'too-many-requests',
  'internal-error',
];

const signedInProblems: readonly ProblemSlug[] = [
  'unauthenticated',
  'setup-required',
  'forbidden',
  'csrf-rejected',
  'not-found',
];

function parameters(route: Route): JsonSchema[] {
  const list: JsonSchema[] = [];
  for (const [where, schema] of [
    ['path', route.schemas.params],
    ['query', route.schemas.query],
  ] as const) {
    if (schema === undefined) continue;
    const object = jsonSchemaOf(schema, 'input');
    const properties = (object.properties ?? {}) as Record<string, JsonSchema>;
    const required = (object.required ?? []) as string[];
    for (const [name, property] of Object.entries(properties)) {
      list.push({
        name,
        in: where,
        required: where === 'path' || required.includes(name),
        schema: property,
        ...(typeof property.description === 'string' ? { description: property.description } : {}),
      });
    }
  }
  return list;
}

function problemsOf(route: Route): ProblemSlug[] {
  const all = [
    ...commonProblems,
    ...(route.access === 'public' ? [] : signedInProblems),
    ...route.problems,
  ];
  return [...new Set(all)];
}

function operation(route: Route): JsonSchema {
  const responses: Record<string, JsonSchema> = {
    [String(route.status)]: {
      description: route.responseDescription,
      content: { 'application/json': { schema: jsonSchemaOf(route.schemas.response, 'output') } },
    },
  };
  for (const slug of problemsOf(route)) {
    const status = String(problemTypes[slug].status);
    const existing = responses[status];
    const title = problemTypes[slug].title;
    responses[status] =
      existing === undefined
        ? {
            description: `${title} (${problemTypeUri(slug)})`,
            content: {
              'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } },
            },
          }
        : {
            ...existing,
            description: `${String(existing.description)}; ${title} (${problemTypeUri(slug)})`,
          };
  }
  const policy =
    route.actions.length === 0
      ? ''
      : `\n\nPolicy: ${route.actions.map((action) => `\`${action}\``).join(', ')} (every decision is recorded in the audit trail).`;
  return {
    operationId: `${route.method}${route.path.replaceAll(/[^A-Za-z0-9]+(.)?/g, (_match, next?: string) => (next ?? '').toUpperCase())}`,
    tags: [route.tag],
    summary: route.summary,
    description: `${route.description ?? ''}${policy}`.trim(),
    ...(route.access === 'public' ? { security: [] } : {}),
    parameters: parameters(route),
    ...(route.schemas.body === undefined
      ? {}
      : {
          requestBody: {
            required: true,
            content: { 'application/json': { schema: jsonSchemaOf(route.schemas.body, 'input') } },
          },
        }),
    responses,
    'x-vigil-access': route.access,
    ...(route.actions.length === 0 ? {} : { 'x-vigil-actions': route.actions }),
  };
}

/** The OpenAPI 3.1 document of the API, built from the routes' own zod schemas. */
export function openApiDocument(routes: readonly Route[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const route of routes) {
    paths[route.path] = { ...paths[route.path], [route.method]: operation(route) };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Vigil programme API',
      version,
      description:
        'The programme service: submissions, access windows, designation criteria and determinations, partners, runs, two-person approvals and the audit trail. Errors are RFC 9457 problem documents. Designations, findings and reports are information, never permission: no endpoint approves, denies or delays a release.',
    },
    servers: [{ url: '/' }],
    security: [{ session: [] }, { token: [] }],
    tags: [...new Set(routes.map((route) => route.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { Problem: jsonSchemaOf(problemSchema, 'output') },
      securitySchemes: {
        session: {
          type: 'apiKey',
          in: 'cookie',
          name: '__Host-vigil-session',
          description:
            'The browser session from POST /api/auth/login; changes also need X-CSRF-Token.',
        },
        token: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API token (vgl_…) from POST /api/auth/tokens.',
        },
      },
    },
    'x-problem-types': Object.fromEntries(
      Object.entries(problemTypes).map(([slug, type]) => [
        problemTypeUri(slug as ProblemSlug),
        type,
      ]),
    ),
  };
}
