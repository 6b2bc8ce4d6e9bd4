import type { AppContext } from '../../context.js';
import { guardFor, type Guard } from '../../authorization/guard.js';
import { programmeData, type ProgrammeData } from '../../data/programme-data.js';
import type { Services } from '../../services.js';
import type { EventActor } from './record-event.js';

/** What most handlers start with. */
export interface RouteTools {
  readonly services: Services;
  readonly data: ProgrammeData;
  readonly guard: Guard;
  /** The current time as a timestamp. */
  readonly now: () => string;
  /** The caller as the actor of an event or audit record. */
  readonly actor: EventActor;
}

/** The tools of a signed-in request. */
export function routeTools(context: AppContext): RouteTools {
  const services = context.get('services');
  const request = context.get('request');
  const guard = guardFor(context);
  return {
    services,
    data: programmeData(services.store.db),
    guard,
    now: () => services.clock.now().toISOString(),
    actor: {
      userId: guard.identity.account.user.id,
      source: request.source,
      requestId: request.requestId,
    },
  };
}
