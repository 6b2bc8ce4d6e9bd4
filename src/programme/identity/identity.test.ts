import { describe, expect, it } from 'vitest';
import { makeUser } from '../testing/programme-fixtures.js';
import { clearanceLevels, higherLevel, levelAtLeast, levelRank } from './clearance-level.js';
import { organisationKindOfRole, roles } from './role.js';
import { userSchema } from './user.js';

describe('clearance levels', () => {
  it('are ordered UNCLASSIFIED < CUI < SECRET < TOP_SECRET', () => {
    expect(clearanceLevels.map(levelRank)).toEqual([0, 1, 2, 3]);
    for (const held of clearanceLevels) {
      for (const needed of clearanceLevels) {
        expect(levelAtLeast(held, needed)).toBe(levelRank(held) >= levelRank(needed));
      }
    }
    expect(higherLevel('CUI', 'TOP_SECRET')).toBe('TOP_SECRET');
    expect(higherLevel('SECRET', 'UNCLASSIFIED')).toBe('SECRET');
  });
});

describe('users', () => {
  it('holds exactly one of the ten roles', () => {
    expect(roles).toHaveLength(10);
    expect(Object.keys(organisationKindOfRole).sort()).toEqual([...roles].sort());
    expect(userSchema.parse(makeUser('auditor')).role).toBe('auditor');
  });

  it('refuses unknown roles and levels with the list to pick from', () => {
    expect(
      userSchema.safeParse({ ...makeUser('auditor'), role: 'admin' }).error?.issues[0]?.message,
    ).toBe(
      'unknown role; use one of developer_admin, developer_member, agency_lead, agency_evaluator, adjudicator, coordinator, security_officer, partner_user, auditor, worker',
    );
    expect(
      userSchema.safeParse({ ...makeUser('auditor'), clearance: 'Q' }).error?.issues[0]?.message,
    ).toContain('UNCLASSIFIED < CUI');
    expect(userSchema.safeParse({ ...makeUser('auditor'), roles: ['auditor'] }).success).toBe(
      false,
    );
  });
});
