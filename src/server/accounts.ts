import type { ClearanceLevel, Organisation, Role } from '../programme/index.js';
import { organisationKindOfRole } from '../programme/index.js';
import { hashPassword, type PasswordHashCost } from './auth/password-hash.js';
import { oneTimePassword } from './auth/one-time-password.js';
import type { ProgrammeData } from './data/programme-data.js';
import type { Account } from './data/records.js';
import { HttpProblem } from './http/http-problem.js';
import { newId } from './routes/shared/new-id.js';

/** What an administrator fills in for a new account. */
export interface NewAccount {
  readonly username: string;
  readonly displayName: string;
  readonly role: Role;
  readonly organisationId: string;
  readonly clearance?: ClearanceLevel;
  readonly compartments?: readonly string[];
}

/** Refuses a role that does not belong to the organisation's kind (a developer cannot be an auditor). */
export function checkRoleFits(role: Role, organisation: Organisation): void {
  const kind = organisationKindOfRole[role];
  if (kind !== organisation.kind) {
    throw new HttpProblem(
      'invalid-request',
      `a ${role} belongs to a ${kind} organisation, not a ${organisation.kind}`,
      {
        errors: [
          {
            field: 'body.role',
            problem: `${role} does not fit ${organisation.id} (${organisation.kind})`,
            fix: `choose a ${organisation.kind} role, or an organisation of kind ${kind}`,
          },
        ],
      },
    );
  }
}

/**
 * Creates an account with a one-time password (returned once; only its hash is kept). Workers
 * sign in with API tokens only: they get no password at all. `grantedBy` is who set the
 * clearance and compartments (none for the system's own accounts).
 */
export async function createAccount(
  data: ProgrammeData,
  input: NewAccount,
  options: {
    readonly cost: PasswordHashCost;
    readonly now: string;
    readonly grantedBy?: string;
  },
): Promise<{ account: Account; oneTimePassword: string | undefined }> {
  const organisation = await data.organisations.get(input.organisationId);
  if (organisation === undefined) {
    throw new HttpProblem('invalid-request', `there is no organisation ${input.organisationId}`, {
      errors: [
        {
          field: 'body.organisationId',
          problem: 'unknown organisation',
          fix: 'list them: GET /api/organisations',
        },
      ],
    });
  }
  checkRoleFits(input.role, organisation);
  const password = input.role === 'worker' ? undefined : oneTimePassword();
  const account: Account = {
    user: {
      id: newId('user'),
      organisationId: input.organisationId,
      displayName: input.displayName,
      role: input.role,
      clearance: input.clearance ?? 'UNCLASSIFIED',
      compartments: [...new Set(input.compartments ?? [])].sort(),
    },
    username: input.username,
    ...(password === undefined ? {} : { passwordHash: await hashPassword(password, options.cost) }),
    mustChangePassword: password !== undefined,
    totp: { status: 'none' },
    createdAt: options.now,
  };
  await data.accounts.insert(account.user, {
    at: options.now,
    username: account.username,
    ...(account.passwordHash === undefined ? {} : { passwordHash: account.passwordHash }),
    mustChangePassword: account.mustChangePassword,
    ...(options.grantedBy === undefined ? {} : { grantedBy: options.grantedBy }),
  });
  return { account, oneTimePassword: password };
}
