import { authRoutes } from './auth-routes.js';
import { healthRoutes } from './health-routes.js';
import type { Route } from './route.js';
import { submissionRoutes } from './submission-routes.js';

/** Every route of the API, in the order the reference lists them. */
export function allRoutes(): Route[] {
  return [...healthRoutes(), ...authRoutes(), ...submissionRoutes()];
}
