import { CriteriaError } from '../errors/criteria-error.js';
import { fail, ok, type Result } from '../result.js';
import type { BatteryMetrics, DeclaredFacts } from './battery-metrics.js';
import { compileCriteria, type CompiledRule } from './compile-criteria.js';
import type {
  CriteriaEvaluation,
  DesignationOutcome,
  RuleEvaluation,
} from './criteria-evaluation.js';
import type { CriteriaTier, CriteriaVersion } from './criteria-version.js';
import { evaluateRule } from './rules/evaluate-rule.js';

function factTypeProblems(version: CriteriaVersion, facts: DeclaredFacts): string[] {
  const problems: string[] = [];
  for (const [name, type] of Object.entries(version.declarations.facts)) {
    const value = Object.hasOwn(facts, name) ? facts[name] : undefined;
    if (value !== undefined && typeof value !== type) {
      problems.push(`fact \`${name}\` is declared as a ${type} but was given a ${typeof value}`);
    }
  }
  return problems;
}

function tierVerdict(
  rules: readonly RuleEvaluation[],
  tier: CriteriaTier,
): 'fired' | 'undecided' | 'not_fired' {
  const ofTier = rules.filter((rule) => rule.tier === tier);
  if (ofTier.some((rule) => rule.verdict === 'fired')) return 'fired';
  if (ofTier.some((rule) => rule.verdict === 'insufficient_evidence')) return 'undecided';
  return 'not_fired';
}

/**
 * The tiered outcome. A designate rule that fired designates; if none fired but one could not be
 * decided, the evidence is insufficient (designation cannot be ruled out); below that the alert
 * tier is read the same way; `none` only when every rule was decided and none fired.
 */
function outcomeOf(rules: readonly RuleEvaluation[]): DesignationOutcome {
  const designate = tierVerdict(rules, 'designate');
  if (designate === 'fired') return 'designate';
  if (designate === 'undecided') return 'insufficient_evidence';
  const alert = tierVerdict(rules, 'alert');
  if (alert === 'fired') return 'alert';
  if (alert === 'undecided') return 'insufficient_evidence';
  return 'none';
}

/**
 * Applies a criteria version to a battery's metrics and the declared facts. Nothing about the
 * developer's participation is an input: designation is by capability alone.
 */
export function evaluateCriteria(
  version: CriteriaVersion,
  metrics: BatteryMetrics,
  facts: DeclaredFacts,
): Result<CriteriaEvaluation, CriteriaError> {
  const compiled = compileCriteria(version);
  if (!compiled.ok) {
    return fail(
      new CriteriaError(
        'does_not_compile',
        `criteria version ${version.version} does not compile`,
        {
          hint: 'fix the listed problems in a new version',
          problems: compiled.error,
        },
      ),
    );
  }
  const mismatches = factTypeProblems(version, facts);
  if (mismatches.length > 0) {
    return fail(
      new CriteriaError('fact_type_mismatch', mismatches.join('; '), {
        hint: 'give each fact a value of the type the criteria declare',
      }),
    );
  }
  const rules = compiled.value.rules.map((rule: CompiledRule): RuleEvaluation => {
    const outcome = evaluateRule(rule.checked, metrics, facts);
    return { tier: rule.tier, ruleId: rule.ruleId, ...outcome };
  });
  return ok({
    criteriaVersionId: version.id,
    criteriaVersion: version.version,
    outcome: outcomeOf(rules),
    rules,
    missingInputs: [...new Set(rules.flatMap((rule) => rule.missingInputs))].sort(),
  });
}
