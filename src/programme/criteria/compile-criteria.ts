import { fail, ok, type Result } from '../result.js';
import type { CriteriaTier, CriteriaVersion } from './criteria-version.js';
import { checkRule, type CheckedRule } from './rules/check-rule.js';
import { parseRule } from './rules/parse-rule.js';

/** One fault in a criteria version: in its declarations, or at a place in one rule. */
export interface CriteriaProblem {
  readonly kind: 'declaration' | 'syntax' | 'type';
  readonly tier?: CriteriaTier;
  readonly ruleId?: string;
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
  readonly hint: string;
}

/** A rule ready to evaluate. */
export interface CompiledRule {
  readonly tier: CriteriaTier;
  readonly ruleId: string;
  readonly checked: CheckedRule;
}

/** A criteria version whose every rule parsed and type-checked. */
export interface CompiledCriteria {
  readonly version: CriteriaVersion;
  readonly rules: readonly CompiledRule[];
}

/** `designate rule vuln-strong, line 1, column 8: message — hint` */
export function describeProblem(problem: CriteriaProblem): string {
  const where = [
    problem.ruleId === undefined
      ? 'declarations'
      : `${problem.tier ?? ''} rule ${problem.ruleId}`.trim(),
    problem.line === undefined ? undefined : `line ${problem.line}, column ${problem.column ?? 1}`,
  ]
    .filter((part) => part !== undefined)
    .join(', ');
  return `${where}: ${problem.message} — ${problem.hint}`;
}

function declarationProblems(version: CriteriaVersion): CriteriaProblem[] {
  const problems: CriteriaProblem[] = [];
  const metrics = version.declarations.metrics;
  const duplicates = metrics.filter((name, index) => metrics.indexOf(name) !== index);
  for (const name of new Set(duplicates)) {
    problems.push({
      kind: 'declaration',
      message: `metric \`${name}\` is declared twice`,
      hint: 'declare each metric once',
    });
  }
  for (const name of metrics) {
    if (Object.hasOwn(version.declarations.facts, name)) {
      problems.push({
        kind: 'declaration',
        message: `\`${name}\` is declared both as a metric and as a fact`,
        hint: 'a name is either a battery metric or a declared fact; rename one',
      });
    }
  }
  const ruleIds = [...version.tiers.alert, ...version.tiers.designate].map((rule) => rule.id);
  for (const id of new Set(ruleIds.filter((id, index) => ruleIds.indexOf(id) !== index))) {
    problems.push({
      kind: 'declaration',
      message: `rule id \`${id}\` is used twice`,
      hint: 'give every rule, in both tiers, its own id',
    });
  }
  return problems;
}

/**
 * Parses and type-checks every rule of a version against its declarations. A version that does
 * not compile can be neither signed nor evaluated; every problem is listed, not only the first.
 */
export function compileCriteria(
  version: CriteriaVersion,
): Result<CompiledCriteria, readonly CriteriaProblem[]> {
  const problems = declarationProblems(version);
  const rules: CompiledRule[] = [];
  const tiers: readonly CriteriaTier[] = ['alert', 'designate'];
  for (const tier of tiers) {
    for (const rule of version.tiers[tier]) {
      const parsed = parseRule(rule.expression);
      if (!parsed.ok) {
        problems.push({ tier, ruleId: rule.id, ...parsed.error });
        continue;
      }
      const checked = checkRule(parsed.value, version.declarations);
      if (!checked.ok) {
        problems.push(
          ...checked.error.map((diagnostic) => ({ tier, ruleId: rule.id, ...diagnostic })),
        );
        continue;
      }
      rules.push({ tier, ruleId: rule.id, checked: checked.value });
    }
  }
  return problems.length > 0 ? fail(problems) : ok({ version, rules });
}
