import {
  informationNotPermission,
  type Determination,
  type SanitisedDetermination,
} from './determination.js';

/**
 * The release for the developer: the status and the statement that it is information, not
 * permission. Built field by field from an allow-list, so no threshold, rule, metric value or
 * early-warning tier can leak into it.
 */
export function sanitiseDetermination(determination: Determination): SanitisedDetermination {
  const outcome = determination.evaluation.outcome;
  return {
    determinationId: determination.id,
    modelId: determination.modelId,
    determinedAt: determination.determinedAt,
    status:
      outcome === 'designate'
        ? 'designated'
        : outcome === 'insufficient_evidence'
          ? 'insufficient_evidence'
          : 'not_designated',
    statement: informationNotPermission,
  };
}
