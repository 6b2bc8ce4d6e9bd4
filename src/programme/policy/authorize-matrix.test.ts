import { describe, expect, it } from 'vitest';
import type { SensitiveAction } from '../approval/approval-request.js';
import { sensitiveActions } from '../approval/approval-request.js';
import { roles, type Role } from '../identity/role.js';
import {
  resourceFor,
  scenarios,
  subjectFor,
  type Scenario,
} from '../testing/authorization-scenarios.js';
import { testNow } from '../testing/programme-fixtures.js';
import { actions, type Action } from './action.js';
import { authorize } from './authorize.js';
import { policyTable } from './policy-table.js';

/**
 * What the brief intends, written out independently of the policy table: who may do what, and
 * which of the scenario's conditions each needs.
 */
function intended(role: Role, action: Action, s: Scenario): boolean {
  const data = s.clearanceEnough && s.compartmentsHeld && s.agreementAccepted && s.grantLive;
  const workerData = s.clearanceEnough && s.compartmentsHeld && s.grantLive;
  const developer = role === 'developer_admin' || role === 'developer_member';
  const agency = role === 'agency_lead' || role === 'agency_evaluator';
  const ownDeveloper = developer && s.own;
  const readers =
    (developer && s.own && data) ||
    (agency && s.own && data) ||
    (role === 'partner_user' && s.own && s.partnerActive && data);
  const testers =
    (agency && s.own && data) ||
    (role === 'partner_user' && s.own && s.partnerActive && data) ||
    (role === 'worker' && workerData);
  switch (action) {
    case 'submission.create':
    case 'submission.submit':
    case 'submission.withdraw':
    case 'partner.approve_as_developer':
      return role === 'developer_admin' && s.own;
    case 'submission.record_release':
    case 'submission.declare_release_date':
    case 'determination.read_sanitised':
      return ownDeveloper;
    case 'submission.read':
      return readers || (['adjudicator', 'coordinator', 'security_officer'].includes(role) && data);
    case 'evaluation.read':
      return readers || (role === 'adjudicator' && data);
    case 'evaluation.write':
      return testers;
    case 'evaluation.launch':
      return (
        s.windowOpen &&
        ((agency && s.own && data) || (role === 'partner_user' && s.own && s.partnerActive && data))
      );
    case 'model.query':
      return testers && s.windowOpen;
    case 'run.record':
      return role === 'worker' && workerData;
    case 'submission.advance':
      return (role === 'coordinator' || role === 'adjudicator') && data;
    case 'assignment.manage':
    case 'partner.approve_as_government':
      return role === 'coordinator' && s.agreementAccepted;
    case 'criteria.read':
      return ['agency_lead', 'adjudicator', 'coordinator'].includes(role) && data;
    case 'criteria.draft':
      return role === 'coordinator' && data;
    case 'criteria.sign':
      return role === 'agency_lead' && data;
    case 'determination.read_sealed':
      return (
        ((role === 'adjudicator' || role === 'coordinator') && data) ||
        (role === 'agency_lead' && s.own && data)
      );
    case 'determination.record':
      return role === 'adjudicator' && data;
    case 'benchmark.read':
      return (
        ['agency_lead', 'agency_evaluator', 'adjudicator', 'coordinator'].includes(role) && data
      );
    case 'benchmark.manage':
      return role === 'coordinator' && data;
    case 'benchmark.open':
      return (role === 'agency_lead' || role === 'coordinator') && data;
    case 'benchmark.use':
      return role === 'worker' && workerData;
    case 'grant.issue':
    case 'clearance.manage':
    case 'account.administer':
    case 'approval.decide':
      return role === 'security_officer' && s.agreementAccepted;
    case 'approval.request':
      return (
        ['agency_lead', 'agency_evaluator', 'coordinator', 'adjudicator'].includes(role) &&
        s.agreementAccepted
      );
    case 'credential.unmask':
      return (
        s.approvalHeld &&
        ((role === 'agency_lead' && s.own && data) || (role === 'coordinator' && data))
      );
    case 'transcripts.export':
      return s.approvalHeld && agency && s.own && data;
    case 'marking.lower':
      return (
        s.approvalHeld &&
        ((role === 'agency_lead' && s.own && data) ||
          ((role === 'coordinator' || role === 'adjudicator') && data))
      );
    case 'export.bulk':
      return false;
    case 'audit.read':
    case 'audit.verify':
      return role === 'auditor' && s.agreementAccepted;
  }
}

interface MatrixCase {
  readonly role: Role;
  readonly action: Action;
  readonly scenario: Scenario;
  readonly allowed: boolean;
}

let matrix: readonly MatrixCase[] | undefined;

/** Every role × action × scenario with the policy's answer, computed once for all the tests. */
function everyCase(
  visit: (role: Role, action: Action, scenario: Scenario, allowed: boolean) => void,
): void {
  matrix ??= roles.flatMap((role) =>
    actions.flatMap((action) =>
      scenarios.map((scenario) => ({
        role,
        action,
        scenario,
        allowed: authorize(
          subjectFor(role, action, scenario),
          action,
          resourceFor(action, scenario),
          testNow,
        ).allowed,
      })),
    ),
  );
  for (const entry of matrix) visit(entry.role, entry.action, entry.scenario, entry.allowed);
}

describe('authorisation matrix: roles × actions × organisation, compartment, clearance, agreement, grant, partner, window, approval', () => {
  it('allows exactly where the brief intends', () => {
    const wrong: string[] = [];
    let allowedCount = 0;
    everyCase((role, action, scenario, allowed) => {
      if (allowed) allowedCount += 1;
      if (allowed !== intended(role, action, scenario)) {
        wrong.push(
          `${role} ${action} ${JSON.stringify(scenario)}: got ${allowed ? 'allowed' : 'denied'}`,
        );
      }
    });
    expect(wrong.slice(0, 10)).toEqual([]);
    // Deny by default: most of the matrix is refused, but not all of it.
    expect(allowedCount).toBeGreaterThan(0);
    expect(allowedCount).toBeLessThan(roles.length * actions.length * scenarios.length * 0.1);
  });

  it('never allows bulk export', () => {
    everyCase((_role, action, _scenario, allowed) => {
      if (action === 'export.bulk') expect(allowed).toBe(false);
    });
  });

  it('lets the auditor read and verify the audit trail and nothing else', () => {
    everyCase((role, action, _scenario, allowed) => {
      if (role === 'auditor' && allowed) expect(['audit.read', 'audit.verify']).toContain(action);
      if (role !== 'auditor' && allowed) expect(action.startsWith('audit.')).toBe(false);
    });
  });

  it('never lets the security officer read or touch evaluation content or sealed criteria', () => {
    const content: readonly Action[] = [
      'evaluation.read',
      'evaluation.write',
      'model.query',
      'transcripts.export',
      'criteria.read',
      'determination.read_sealed',
      'determination.read_sanitised',
    ];
    everyCase((role, action, _scenario, allowed) => {
      if (role === 'security_officer' && content.includes(action)) expect(allowed).toBe(false);
    });
  });

  it('keeps developers to their own organisation, and away from thresholds', () => {
    everyCase((role, action, scenario, allowed) => {
      if (role !== 'developer_admin' && role !== 'developer_member') return;
      if (!scenario.own) expect(allowed).toBe(false);
      if (action === 'criteria.read' || action === 'determination.read_sealed')
        expect(allowed).toBe(false);
    });
  });

  it('never blocks the developer’s own withdrawal or release, whatever they hold', () => {
    const participation: readonly Action[] = [
      'submission.withdraw',
      'submission.record_release',
      'submission.declare_release_date',
    ];
    for (const scenario of scenarios.filter((s) => s.own)) {
      for (const action of participation) {
        const subject = subjectFor('developer_admin', action, scenario);
        expect(authorize(subject, action, resourceFor(action, scenario), testNow)).toEqual({
          allowed: true,
          reason: 'own_organisation met',
          rule: `${action}/developer_admin`,
        });
      }
    }
  });

  it('requires every data condition for every data read', () => {
    everyCase((role, action, scenario, allowed) => {
      if (
        !allowed ||
        !['submission.read', 'evaluation.read', 'evaluation.write', 'model.query'].includes(action)
      )
        return;
      expect(scenario.clearanceEnough && scenario.compartmentsHeld && scenario.grantLive).toBe(
        true,
      );
      if (role !== 'worker') expect(scenario.agreementAccepted).toBe(true);
      if (role === 'partner_user') expect(scenario.partnerActive).toBe(true);
      if (action === 'model.query') expect(scenario.windowOpen).toBe(true);
    });
  });

  it('lists every action in the table, with a known resource kind', () => {
    expect(Object.keys(policyTable).sort()).toEqual([...actions].sort());
    for (const action of sensitiveActions as readonly SensitiveAction[]) {
      for (const requirements of Object.values(policyTable[action].roles))
        expect(requirements).toContain('second_person');
    }
  });
});
