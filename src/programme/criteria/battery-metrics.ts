import { z } from 'zod';
import { metricNameSchema } from './metric-name.js';

/** One metric of the qualification battery: its value and 95% confidence interval. */
export const metricEstimateSchema = z
  .object({ value: z.number(), lower: z.number(), upper: z.number() })
  .strict()
  .readonly()
  .refine((metric) => metric.lower <= metric.value && metric.value <= metric.upper, {
    error: 'a metric needs lower ≤ value ≤ upper (the 95% interval around the value)',
  });

export type MetricEstimate = z.infer<typeof metricEstimateSchema>;

/** The battery's metrics by name. */
export const batteryMetricsSchema = z.record(metricNameSchema, metricEstimateSchema).readonly();
export type BatteryMetrics = z.infer<typeof batteryMetricsSchema>;

/** A declared fact: a number (e.g. training compute in FLOP), a boolean or a string. */
export const factValueSchema = z.union([z.number(), z.boolean(), z.string()]);
export type FactValue = z.infer<typeof factValueSchema>;

/** Declared facts about the model, by name. */
export const declaredFactsSchema = z.record(metricNameSchema, factValueSchema).readonly();
export type DeclaredFacts = z.infer<typeof declaredFactsSchema>;
