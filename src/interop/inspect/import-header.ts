import {
  logFormat,
  logHeaderSchema,
  logVersion,
  type LogHeader,
} from '../../core/log/log-schema.js';
import { parseReducer } from '../../core/metrics/reducer.js';
import { parseWith } from '../../core/validation/parse-with.js';
import { vigilMetadataKey } from './export-spec.js';
import { fromInspectGenerateConfig } from './inspect-generate-config.js';
import type { InspectEvalSpecInput } from './inspect-schema.js';
import { fromInspectTime } from './inspect-time.js';

/** What an exported Vigil log keeps under `eval.metadata.vigil`, checked before it is trusted. */
const savedVigilSchema = logHeaderSchema.pick({
  config: true,
  plannedSamples: true,
  vigil: true,
  command: true,
  resumedFrom: true,
});

/** Inspect's default `max_connections`, used when a log does not say. */
const inspectDefaultConnections = 10;

function positive(value: number | null | undefined): number | undefined {
  return value != null && value > 0 ? value : undefined;
}

function positiveInteger(value: number | null | undefined): number | undefined {
  return value != null && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}

function reducerName(names: readonly string[] | null | undefined): string {
  const name = names?.[0];
  if (name === undefined) return 'mean';
  try {
    return parseReducer(name).name;
  } catch {
    return 'mean'; // an Inspect reducer Vigil does not have
  }
}

/** Inspect's `fail_on_error`: true stops at the first error, false never stops. */
function failOnError(value: boolean | number | null | undefined): number {
  if (typeof value === 'number' && value >= 0) return value;
  return value === false ? Number.MAX_SAFE_INTEGER : 0;
}

/** Context an Inspect header does not carry by itself. */
export interface HeaderContext {
  /** Scorer names, in order: from the log's results, summaries or samples. */
  readonly scorers: readonly string[];
  /** `results.total_samples`, when the log has results. */
  readonly totalSamples: number | undefined;
  /** Sample-epochs in the archive. */
  readonly sampleCount: number;
  /** The importing Vigil, recorded when the log was not written by Vigil. */
  readonly vigil: LogHeader['vigil'];
}

/**
 * Inspect's `EvalSpec` as a Vigil header. A log exported by Vigil carries its configuration
 * under `eval.metadata.vigil`, which is restored as it was; for any other log the header is
 * built from Inspect's fields (Inspect's defaults fill the gaps) and the task metadata gets
 * an `inspect` entry naming the original eval id, task id and package versions.
 */
export function fromInspectSpec(
  spec: InspectEvalSpecInput,
  context: HeaderContext,
  where: string,
): LogHeader {
  const { [vigilMetadataKey]: savedValue, ...taskMetadata } = spec.metadata ?? {};
  const saved = savedVigilSchema.safeParse(savedValue);
  const epochs = positiveInteger(spec.config.epochs) ?? 1;
  const limit =
    typeof spec.config.limit === 'number' ? positiveInteger(spec.config.limit) : undefined;
  const datasetSize = spec.dataset.samples ?? Math.ceil(context.sampleCount / Math.max(1, epochs));
  const datasetSamples = limit === undefined ? datasetSize : Math.min(datasetSize, limit);
  const generate = fromInspectGenerateConfig(spec.model_generate_config);
  const timeSeconds = positive(spec.config.time_limit);
  const messages = positiveInteger(spec.config.message_limit);
  const tokens = positiveInteger(spec.config.token_limit);
  const derived = {
    config: {
      epochs,
      reducer: reducerName(spec.config.epochs_reducer),
      ...(limit === undefined ? {} : { limit }),
      maxConnections:
        positiveInteger(spec.model_generate_config.max_connections) ?? inspectDefaultConnections,
      failOnError: failOnError(spec.config.fail_on_error),
      generate,
      limits: {
        ...(timeSeconds === undefined ? {} : { timeSeconds }),
        ...(messages === undefined ? {} : { messages }),
        ...(tokens === undefined ? {} : { tokens }),
      },
      scorers: [...context.scorers],
    },
    plannedSamples: context.totalSamples ?? datasetSamples * epochs,
    vigil: context.vigil,
  };
  const restored = saved.success ? saved.data : derived;
  const provenance = saved.success
    ? {}
    : {
        inspect: {
          ...(spec.eval_id == null ? {} : { eval_id: spec.eval_id }),
          ...(spec.task_id == null ? {} : { task_id: spec.task_id }),
          packages: spec.packages,
        },
      };
  return parseWith(
    logHeaderSchema,
    {
      type: 'header',
      format: logFormat,
      version: logVersion,
      runId: spec.run_id,
      createdAt: fromInspectTime(spec.created),
      task: {
        name: spec.task,
        metadata: { ...taskMetadata, ...provenance },
        dataset: {
          name: spec.dataset.name ?? spec.task,
          location: spec.dataset.location ?? '',
          samples: datasetSamples,
        },
      },
      model: {
        name: spec.model,
        args: Object.fromEntries(
          Object.entries(spec.model_args).map(([key, value]) => [
            key,
            typeof value === 'string' ? value : JSON.stringify(value),
          ]),
        ),
      },
      ...restored,
    },
    where,
    'the log header does not match Inspect log schema version 2',
  );
}
