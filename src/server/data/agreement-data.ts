import type { AccessAgreement, AgreementAcceptance } from '../../programme/index.js';
import { repositories } from '../../store/repositories/repositories.js';
import type { Executor } from '../../store/store.js';

/** The access agreement's versions. */
export interface AgreementData {
  /** The version in force: the highest published. */
  current(id: string): Promise<AccessAgreement | undefined>;
  /** Publishes a version; an existing version throws UniqueViolationError. */
  publish(agreement: AccessAgreement): Promise<void>;
}

/** Who accepted which version. */
export interface AcceptanceData {
  /** A user's acceptances, by agreement and version. */
  list(userId: string): Promise<AgreementAcceptance[]>;
  /** Records an acceptance of a published version; accepting again changes nothing. */
  insert(acceptance: AgreementAcceptance): Promise<void>;
}

export function agreementData(db: Executor): AgreementData {
  const { agreements } = repositories(db);
  return {
    current: (id) => agreements.current(id),
    publish: (agreement) => agreements.publish(agreement),
  };
}

export function acceptanceData(db: Executor): AcceptanceData {
  const { agreements } = repositories(db);
  return {
    list: (userId) => agreements.acceptancesOf(userId),
    insert: (acceptance) => agreements.accept(acceptance),
  };
}
