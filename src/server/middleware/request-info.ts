import { randomUUID } from 'node:crypto';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { MiddlewareHandler } from 'hono';
import type { AppContext, AppEnv } from '../context.js';

function clientAddress(context: AppContext): string {
  try {
    return getConnInfo(context).remote.address ?? 'unknown';
  } catch {
    // `app.request(...)` has no socket.
    return 'in-process';
  }
}

/**
 * Records who is asking from where, before anything else runs. The address is the socket's:
 * forwarded-for headers are not trusted, since any client can write them.
 */
export function requestInfo(): MiddlewareHandler<AppEnv> {
  return async (context, next) => {
    context.set('request', {
      requestId: randomUUID(),
      source: clientAddress(context),
      method: context.req.method,
      path: context.req.path,
    });
    context.set('identity', undefined);
    await next();
  };
}
