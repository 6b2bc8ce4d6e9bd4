import type { Timestamp } from '../time/timestamp.js';
import { actions, type Action } from './action.js';
import type { PolicyDecision, PolicyResource, Subject } from './policy-input.js';
import { policyTable } from './policy-table.js';
import { requirementChecks } from './requirement.js';

function isAction(value: string): value is Action {
  return (actions as readonly string[]).includes(value);
}

/**
 * Decides whether `subject` may do `action` on `resource` at `now`. Deny by default: unknown
 * actions, roles the table does not list, resources of the wrong kind and any unmet
 * requirement are refused. `rule` names what decided, for the audit trail.
 */
export function authorize(
  subject: Subject,
  action: Action,
  resource: PolicyResource,
  now: Timestamp,
): PolicyDecision {
  const role = subject.user.role;
  if (!isAction(action)) {
    return { allowed: false, reason: `unknown action ${String(action)}`, rule: 'deny-by-default' };
  }
  if (action === 'export.bulk') {
    return { allowed: false, reason: 'bulk export is always refused', rule: 'export.bulk' };
  }
  const row = policyTable[action];
  const rule = `${action}/${role}`;
  const required = row.roles[role];
  if (required === undefined) {
    return {
      allowed: false,
      reason: `role ${role} may not do ${action}`,
      rule: `${action}/deny-by-default`,
    };
  }
  if (resource.kind !== row.resource) {
    return {
      allowed: false,
      reason: `${action} applies to a ${row.resource}, not a ${resource.kind}`,
      rule: `${action}/resource-kind`,
    };
  }
  const context = { subject, action, resource, now };
  for (const requirement of required) {
    const failure = requirementChecks[requirement](context);
    if (failure !== undefined) {
      return { allowed: false, reason: failure, rule: `${rule}/${requirement}` };
    }
  }
  return {
    allowed: true,
    reason: required.length === 0 ? `role ${role} may do ${action}` : `${required.join(', ')} met`,
    rule,
  };
}
