import {
  authorize,
  type Action,
  type Marking,
  type PolicyDecision,
  type PolicyResource,
  type Subject,
} from '../../programme/index.js';
import type { AppContext, Identity } from '../context.js';
import { programmeData } from '../data/programme-data.js';
import { requireIdentity } from '../auth/authenticate.js';
import { denialProblem } from './denial.js';
import { loadSubject } from './load-subject.js';

/** The policy, as a route uses it: every decision is recorded, allowed or denied. */
export interface Guard {
  readonly identity: Identity;
  /** The caller as the policy sees them (read once per request). */
  subject(): Promise<Subject>;
  /** Decides and records; throws the 403 problem when denied. */
  require(action: Action, resource: PolicyResource): Promise<PolicyDecision>;
  /** Decides and records; returns the decision (to filter a list). */
  decide(action: Action, resource: PolicyResource): Promise<PolicyDecision>;
}

function objectOf(resource: PolicyResource): { id: string; marking: Marking | undefined } {
  switch (resource.kind) {
    case 'programme':
      return { id: 'programme', marking: undefined };
    case 'submission':
      return { id: resource.objectId ?? resource.submissionId, marking: resource.marking };
    case 'criteria':
      return { id: resource.criteriaVersionId, marking: resource.marking };
    case 'benchmark':
      return { id: resource.benchmarkId, marking: resource.marking };
    case 'determination':
      return { id: resource.determinationId, marking: resource.marking };
  }
}

/** The guard of a request; the caller must be signed in and set up. */
export function guardFor(context: AppContext): Guard {
  const identity = requireIdentity(context);
  const services = context.get('services');
  const request = context.get('request');
  let subject: Promise<Subject> | undefined;
  const loadOnce = () => {
    subject ??= loadSubject(programmeData(services.store.db), identity.account);
    return subject;
  };

  const decide = async (action: Action, resource: PolicyResource): Promise<PolicyDecision> => {
    const now = services.clock.now().toISOString();
    const decision: PolicyDecision =
      identity.via === 'token' && !identity.token.scopes.includes(action)
        ? {
            allowed: false,
            reason: `token ${identity.token.id} lacks the scope ${action}`,
            rule: `${action}/token-scope`,
          }
        : authorize(await loadOnce(), action, resource, now);
    const object = objectOf(resource);
    await services.audit.append({
      actor: identity.account.user.id,
      action,
      source: request.source,
      outcome: decision.allowed ? 'allowed' : 'denied',
      objectId: object.id,
      ...(object.marking === undefined ? {} : { objectMarking: object.marking }),
      details: {
        rule: decision.rule,
        reason: decision.reason,
        role: identity.account.user.role,
        via: identity.via === 'token' ? `token ${identity.token.id}` : 'session',
        request: `${request.method} ${request.path}`,
        requestId: request.requestId,
      },
    });
    return decision;
  };

  return {
    identity,
    subject: loadOnce,
    decide,
    require: async (action, resource) => {
      const decision = await decide(action, resource);
      if (!decision.allowed) throw denialProblem(action, identity.account.user.role, decision);
      return decision;
    },
  };
}
