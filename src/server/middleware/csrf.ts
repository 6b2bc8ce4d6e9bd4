import type { MiddlewareHandler } from 'hono';
import { csrfTokenFor } from '../auth/session-cookie.js';
import { sameSecret } from '../auth/secret-token.js';
import type { AppContext, AppEnv } from '../context.js';
import { HttpProblem } from '../http/http-problem.js';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

function originAllowed(context: AppContext, origin: string): boolean {
  const allowed = context.get('services').options.allowedOrigins;
  if (allowed.length > 0) return allowed.includes(origin);
  return origin === new URL(context.req.url).origin;
}

/**
 * Refuses cross-site state changes. Two checks: a browser's `Origin` must be this site (or a
 * configured one) on every unsafe request, signed in or not (that covers sign-in CSRF); and a
 * cookie session must send its CSRF token in `X-CSRF-Token`. API tokens are not cookies, so a
 * page on another site cannot make a browser send one: they need no CSRF token.
 */
export function csrfProtection(): MiddlewareHandler<AppEnv> {
  return async (context, next) => {
    if (!safeMethods.has(context.req.method)) {
      const origin = context.req.header('origin');
      if (origin !== undefined && !originAllowed(context, origin)) {
        throw new HttpProblem('csrf-rejected', `requests from ${origin} are not accepted`, {
          hint: 'use Vigil from its own address; an operator can allow more origins',
        });
      }
      const identity = context.get('identity');
      if (identity?.via === 'session') {
        const sent = context.req.header('x-csrf-token');
        if (sent === undefined || !sameSecret(sent, csrfTokenFor(identity.sessionSecret))) {
          throw new HttpProblem(
            'csrf-rejected',
            sent === undefined
              ? 'the request has no CSRF token'
              : 'the CSRF token does not match the session',
            {
              hint: 'send the csrfToken from POST /api/auth/login or GET /api/auth/session in the X-CSRF-Token header',
            },
          );
        }
      }
    }
    await next();
  };
}
