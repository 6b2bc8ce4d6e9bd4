import { z } from 'zod';
import { defineRoute, type Route } from './route.js';

const healthSchema = z
  .object({ status: z.literal('ok'), store: z.enum(['pglite', 'postgres']), time: z.string() })
  .strict();

/** Liveness: the store answers. Says nothing an anonymous caller should not know. */
export function healthRoutes(): Route[] {
  return [
    defineRoute({
      method: 'get',
      path: '/api/health',
      tag: 'Service',
      summary: 'Is the service up and its store reachable?',
      access: 'public',
      response: { status: 200, schema: healthSchema, description: 'It is.' },
      problems: ['unavailable'],
      handler: async ({ context }) => {
        const services = context.get('services');
        await services.store.db.selectNoFrom((eb) => eb.lit(1).as('ready')).execute();
        return {
          status: 'ok' as const,
          store: services.store.backend,
          time: services.clock.now().toISOString(),
        };
      },
    }),
  ];
}
