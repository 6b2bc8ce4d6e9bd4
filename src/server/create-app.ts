import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AuditTrail } from '../audit/audit-trail.js';
import type { JobQueue } from '../queue/job-queue.js';
import type { SealedData } from '../sealed/sealed-data.js';
import type { Store } from '../store/store.js';
import { parseAppOptions, type AppOptionsInput } from './app-options.js';
import { authenticate, requireIdentity } from './auth/authenticate.js';
import { LoginThrottle } from './auth/login-throttle.js';
import { repositories } from '../store/repositories/repositories.js';
import type { Clock } from './clock.js';
import type { AppEnv } from './context.js';
import { HttpProblem } from './http/http-problem.js';
import { mapError } from './http/map-error.js';
import { problemResponse } from './http/problem-response.js';
import { csrfProtection } from './middleware/csrf.js';
import { checkRateLimit } from './middleware/rate-limit.js';
import { requestInfo } from './middleware/request-info.js';
import { securityHeaders } from './middleware/security-headers.js';
import { TokenBuckets } from './middleware/token-bucket.js';
import { allRoutes } from './routes/all-routes.js';
import { docsPage, docsStylesheet } from './reference/docs-page.js';
import { openApiDocument } from './reference/openapi-document.js';
import { honoPath, type Route } from './routes/route.js';
import type { Services } from './services.js';

/** The ports the app is built over. Nothing in the app reaches past them. */
export interface AppDependencies {
  readonly store: Store;
  readonly audit: AuditTrail;
  readonly sealed: SealedData;
  readonly queue: JobQueue;
  readonly clock: Clock;
  readonly options?: AppOptionsInput;
  /** Shown in the API reference. */
  readonly version?: string;
  /**
   * Told about every failure that became a 500, with the request id. The server's log: the
   * client sees only the id. Never given request bodies, passwords or tokens.
   */
  readonly onInternalError?: (requestId: string, error: unknown) => void;
}

/** The HTTP app: its routes under /api, problems for every failure. */
export function createApp(dependencies: AppDependencies): Hono<AppEnv> {
  const options = parseAppOptions(dependencies.options);
  const services: Services = {
    store: dependencies.store,
    audit: dependencies.audit,
    sealed: dependencies.sealed,
    queue: dependencies.queue,
    clock: dependencies.clock,
    options,
    loginThrottle: new LoginThrottle(repositories(dependencies.store.db).signInFailures),
    rateLimits: new TokenBuckets(options.rateLimit),
  };
  const app = new Hono<AppEnv>();

  app.onError((error, context) => {
    const request = context.get('request') as AppEnv['Variables']['request'] | undefined;
    const requestId = request?.requestId ?? 'unknown';
    const problem = mapError(error, requestId);
    if (problem.status >= 500) dependencies.onInternalError?.(requestId, error);
    return problemResponse(problem, `urn:uuid:${requestId}`);
  });
  app.notFound((context) => {
    const requestId = context.get('request').requestId;
    return problemResponse(
      new HttpProblem(
        'not-found',
        `there is nothing at ${context.req.method} ${context.req.path}`,
        {
          hint: 'the API reference is at /api/docs',
        },
      ),
      `urn:uuid:${requestId}`,
    );
  });

  app.use('*', async (context, next) => {
    context.set('services', services);
    await next();
  });
  app.use('*', requestInfo());
  app.use('*', securityHeaders());
  app.use(
    '/api/*',
    bodyLimit({
      maxSize: options.bodyLimitBytes,
      onError: () => {
        throw new HttpProblem(
          'payload-too-large',
          `the request body is larger than ${options.bodyLimitBytes} bytes`,
          { hint: 'send less; no request of this API needs a body that large' },
        );
      },
    }),
  );
  app.use('/api/*', authenticate());
  app.use('/api/*', csrfProtection());

  const routes = allRoutes();
  for (const route of routes) mount(app, route, options.validateResponses);
  mountReference(app, routes, dependencies.version ?? '0.0.0');
  methodNotAllowed(app, routes);
  return app;
}

/** The OpenAPI document and the HTML reference rendered from it, both built once. */
function mountReference(app: Hono<AppEnv>, routes: readonly Route[], version: string): void {
  const document = openApiDocument(routes, version);
  const json = JSON.stringify(document);
  const page = docsPage(document);
  app.get('/api/openapi.json', (context) => {
    checkRateLimit(context);
    return context.body(json, 200, { 'Content-Type': 'application/json' });
  });
  app.get('/api/docs', (context) => {
    checkRateLimit(context);
    return context.html(page);
  });
  app.get('/api/docs.css', (context) =>
    context.body(docsStylesheet, 200, { 'Content-Type': 'text/css; charset=utf-8' }),
  );
}

function mount(app: Hono<AppEnv>, route: Route, validateResponse: boolean): void {
  app.on(route.method.toUpperCase(), honoPath(route.path), async (context) => {
    if (route.throttled) checkRateLimit(context);
    if (route.access !== 'public') {
      requireIdentity(context, { allowSetup: route.access === 'setup' });
    }
    return route.run(context, { validateResponse });
  });
}

/** A known path with the wrong method gets 405 and `Allow`, not 404. */
function methodNotAllowed(app: Hono<AppEnv>, routes: readonly Route[]): void {
  const byPath = new Map<string, string[]>();
  for (const route of routes) {
    const methods = byPath.get(route.path) ?? [];
    methods.push(route.method.toUpperCase());
    byPath.set(route.path, methods);
  }
  for (const [path, methods] of byPath) {
    app.all(honoPath(path), () => {
      throw new HttpProblem('method-not-allowed', `${path} accepts ${methods.join(', ')}`, {
        hint: 'see the API reference at /api/docs',
        headers: { Allow: methods.join(', ') },
      });
    });
  }
}
