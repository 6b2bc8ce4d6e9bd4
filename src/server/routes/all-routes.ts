import { approvalRoutes } from './approval-routes.js';
import { auditRoutes } from './audit-routes.js';
import { accountSetupRoutes } from './account-setup-routes.js';
import { authRoutes } from './auth-routes.js';
import { benchmarkRoutes } from './benchmark-routes.js';
import { collaborationRoutes } from './collaboration-routes.js';
import { criteriaRoutes } from './criteria-routes.js';
import { determinationRoutes } from './determination-routes.js';
import { evaluationRoutes } from './evaluation-routes.js';
import { grantRoutes } from './grant-routes.js';
import { healthRoutes } from './health-routes.js';
import { lifecycleRoutes } from './lifecycle-routes.js';
import { organisationRoutes } from './organisation-routes.js';
import { userRoutes } from './user-routes.js';
import type { Route } from './route.js';
import { runRoutes } from './run-routes.js';
import { sensitiveRoutes } from './sensitive-routes.js';
import { submissionRoutes } from './submission-routes.js';
import { tokenRoutes } from './token-routes.js';

/** Every route of the API, in the order the reference lists them. */
export function allRoutes(): Route[] {
  return [
    ...healthRoutes(),
    ...authRoutes(),
    ...accountSetupRoutes(),
    ...tokenRoutes(),
    ...organisationRoutes(),
    ...userRoutes(),
    ...grantRoutes(),
    ...submissionRoutes(),
    ...lifecycleRoutes(),
    ...collaborationRoutes(),
    ...criteriaRoutes(),
    ...benchmarkRoutes(),
    ...determinationRoutes(),
    ...runRoutes(),
    ...evaluationRoutes(),
    ...approvalRoutes(),
    ...sensitiveRoutes(),
    ...auditRoutes(),
  ];
}
