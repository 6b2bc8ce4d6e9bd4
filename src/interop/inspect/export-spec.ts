import type { LogHeader } from '../../core/log/log-schema.js';
import { toInspectGenerateConfig } from './inspect-generate-config.js';
import { toInspectTime } from './inspect-time.js';
import type { InspectEvalPlan, InspectEvalSpec, JsonObject } from './inspect-types.js';
import { stableId } from './stable-id.js';

/**
 * The key under `eval.metadata` where an exported log keeps what only Vigil has (its whole
 * run configuration, planned samples, version), so `vigil log import` restores it exactly.
 */
export const vigilMetadataKey = 'vigil';

/** Limits in Inspect's names; Inspect's time limit is whole seconds. */
function inspectLimits(limits: LogHeader['config']['limits']): JsonObject {
  return {
    ...(limits.timeSeconds === undefined ? {} : { time_limit: Math.ceil(limits.timeSeconds) }),
    ...(limits.messages === undefined ? {} : { message_limit: limits.messages }),
    ...(limits.tokens === undefined ? {} : { token_limit: limits.tokens }),
  };
}

/** The Vigil header as Inspect's `EvalSpec`: task, dataset, model, configuration, packages. */
export function toEvalSpec(header: LogHeader): InspectEvalSpec {
  const { config } = header;
  const generate = toInspectGenerateConfig(config.generate);
  return {
    eval_id: stableId('eval', header.runId, header.task.name),
    run_id: header.runId,
    created: toInspectTime(header.createdAt),
    task: header.task.name,
    task_id: stableId('task', header.task.name, header.task.dataset.location),
    task_version: 0,
    task_attribs: {},
    task_args: {},
    task_args_passed: {},
    dataset: {
      name: header.task.dataset.name,
      location: header.task.dataset.location,
      samples: header.task.dataset.samples,
    },
    model: header.model.name,
    model_generate_config: { ...generate, max_connections: config.maxConnections },
    model_args: header.model.args,
    config: {
      epochs: config.epochs,
      epochs_reducer: [config.reducer],
      ...(config.limit === undefined ? {} : { limit: config.limit }),
      fail_on_error: config.failOnError,
      ...inspectLimits(config.limits),
    },
    ...(header.vigil.gitRevision === undefined
      ? {}
      : { revision: { type: 'git', origin: '', commit: header.vigil.gitRevision } }),
    packages: { vigil: header.vigil.version },
    metadata: {
      ...header.task.metadata,
      [vigilMetadataKey]: {
        format: header.format,
        version: header.version,
        config: header.config,
        plannedSamples: header.plannedSamples,
        vigil: header.vigil,
        ...(header.command === undefined ? {} : { command: header.command }),
        ...(header.resumedFrom === undefined ? {} : { resumedFrom: header.resumedFrom }),
      },
    },
    scorers: config.scorers.map((name) => ({ name, options: {} })),
  };
}

/** Inspect's plan. Vigil's log does not record solver steps, so the plan lists none. */
export function toEvalPlan(header: LogHeader): InspectEvalPlan {
  return { name: 'plan', steps: [], config: toInspectGenerateConfig(header.config.generate) };
}
