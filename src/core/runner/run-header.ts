import { logFormat, logVersion, type LogHeader } from '../log/log-schema.js';
import type { Task } from '../task/task.js';
import type { RunOptions } from './run-options.js';

/** The log header of a run: everything needed to know, and redo, what was run. */
export function runHeader(
  options: RunOptions,
  epochs: number,
  sampleCount: number,
  createdAt: number,
): LogHeader {
  const { task, model } = options;
  const config: Task['config'] = task.config;
  return {
    type: 'header',
    format: logFormat,
    version: logVersion,
    runId: options.runId,
    createdAt: new Date(createdAt).toISOString(),
    task: {
      name: task.name,
      metadata: task.metadata,
      dataset: { name: task.dataset.name, location: task.dataset.location, samples: sampleCount },
    },
    model: { name: model.name, args: { ...options.modelArgs } },
    config: {
      epochs,
      reducer: task.reducer,
      ...(options.limit === undefined ? {} : { limit: options.limit }),
      maxConnections: options.maxConnections,
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      failOnError: options.failOnError,
      generate: config,
      limits: { ...task.limits },
      scorers: task.scorers.map((scorer) => scorer.name),
    },
    plannedSamples: sampleCount * epochs,
    vigil: options.vigil,
    ...(options.command === undefined ? {} : { command: options.command }),
    ...(options.resume === undefined ? {} : { resumedFrom: options.resume.from }),
  };
}
