import type { MetricEstimate } from '../battery-metrics.js';

/**
 * The functions a rule may call. Each takes one metric and reads part of its estimate; a metric
 * named without a function means its value.
 */
export const ruleFunctions = {
  lower: { read: (metric: MetricEstimate) => metric.lower, meaning: 'lower 95% bound' },
  upper: { read: (metric: MetricEstimate) => metric.upper, meaning: 'upper 95% bound' },
  value: { read: (metric: MetricEstimate) => metric.value, meaning: 'point estimate' },
} as const;

export type RuleFunctionName = keyof typeof ruleFunctions;

/** True when `name` is one of the rule functions. */
export function isRuleFunction(name: string): name is RuleFunctionName {
  return Object.hasOwn(ruleFunctions, name);
}
