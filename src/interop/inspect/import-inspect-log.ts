import { access } from 'node:fs/promises';
import { InputError } from '../../core/errors/input-error.js';
import {
  logFooterSchema,
  type LogFooter,
  type LogHeader,
  type SampleRecord,
} from '../../core/log/log-schema.js';
import { addUsage, zeroUsage } from '../../core/model/model-output.js';
import { ScoreTally } from '../../core/runner/score-tally.js';
import { parseWith } from '../../core/validation/parse-with.js';
import { vigilMetadataKey } from './export-spec.js';
import { fromInspectSpec } from './import-header.js';
import { fromInspectSample } from './import-sample.js';
import { fromInspectError } from './inspect-errors.js';
import { parseInspectJson } from './inspect-json.js';
import {
  inspectHeaderSchema,
  inspectSchemaVersion,
  inspectStartSchema,
  inspectSummariesSchema,
  type InspectHeaderInput,
} from './inspect-schema.js';
import { fromInspectTime, secondsBetween, secondsToMs } from './inspect-time.js';
import { OutputFile } from './output-file.js';
import { ZipReader, type ZipEntry } from './zip-reader.js';

/** What an import wrote. */
export interface ImportResult {
  readonly output: string;
  readonly samples: number;
  /** The Vigil status; `incomplete` when the Inspect log had not finished (no footer written). */
  readonly status: LogFooter['status'] | 'incomplete';
}

const schemaHint = 'is this an Inspect log (.eval) of schema version 2?';

function isSampleMember(name: string): boolean {
  return name.startsWith('samples/') && name.endsWith('.json');
}

async function readJson(reader: ZipReader, entry: ZipEntry): Promise<unknown> {
  const text = await reader.readText(entry);
  try {
    return parseInspectJson(text);
  } catch {
    throw new InputError(`member ${entry.name} is not JSON`, {
      source: reader.path,
      hint: schemaHint,
    });
  }
}

function checkVersion(value: unknown, where: string): void {
  const version = (value as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > inspectSchemaVersion) {
    throw new InputError(
      `uses Inspect log schema version ${version}; Vigil reads up to version ${inspectSchemaVersion}`,
      {
        source: where,
        hint: 'upgrade Vigil, or convert the log with an Inspect that writes version 2',
      },
    );
  }
}

/** The header (finished log) or the start record (unfinished log), whichever the archive has. */
async function readHeader(
  reader: ZipReader,
  hasSamples: boolean,
): Promise<{ header: InspectHeaderInput | undefined; spec: InspectHeaderInput['eval'] }> {
  const headerEntry = reader.find('header.json');
  if (headerEntry !== undefined) {
    const value = await readJson(reader, headerEntry);
    checkVersion(value, `${reader.path} header.json`);
    const header = parseWith(inspectHeaderSchema, value, `${reader.path} header.json`, schemaHint);
    return { header, spec: header.eval };
  }
  if (!hasSamples) {
    throw new InputError('has no header.json and no samples: there is nothing to import', {
      source: reader.path,
      hint: schemaHint,
    });
  }
  const startEntry = reader.find('_journal/start.json');
  if (startEntry === undefined) {
    throw new InputError('has neither header.json nor _journal/start.json', {
      source: reader.path,
      hint: schemaHint,
    });
  }
  const value = await readJson(reader, startEntry);
  checkVersion(value, `${reader.path} _journal/start.json`);
  const start = parseWith(
    inspectStartSchema,
    value,
    `${reader.path} _journal/start.json`,
    schemaHint,
  );
  return { header: undefined, spec: start.eval };
}

/**
 * Scorer names in first-seen order. A Vigil export names them in its saved configuration;
 * otherwise they are the keys of the samples' scores, from `summaries.json` when there is
 * one (cheap) or from the samples themselves.
 */
async function scorerNames(
  reader: ZipReader,
  spec: InspectHeaderInput['eval'],
  samples: readonly ZipEntry[],
): Promise<string[]> {
  const saved = (
    spec.metadata?.[vigilMetadataKey] as { config?: { scorers?: unknown } } | undefined
  )?.config?.scorers;
  if (Array.isArray(saved) && saved.every((name) => typeof name === 'string')) return saved;
  const names = new Set<string>();
  const summaries = reader.find('summaries.json');
  const parsed =
    summaries === undefined
      ? undefined
      : inspectSummariesSchema.safeParse(await readJson(reader, summaries));
  if (parsed?.success === true) {
    for (const row of parsed.data)
      for (const name of Object.keys(row.scores ?? {})) names.add(name);
    return [...names];
  }
  for (const entry of samples) {
    const scores = (await readJson(reader, entry)) as { scores?: unknown } | null;
    if (typeof scores?.scores === 'object' && scores.scores !== null) {
      for (const name of Object.keys(scores.scores)) names.add(name);
    }
  }
  return [...names];
}

/**
 * Reads an Inspect `.eval` log into a Vigil log at `output` (created exclusively, never
 * overwritten): a header, one sample record per `samples/*.json` member in archive order,
 * and, when the Inspect run finished, a footer whose metrics Vigil computes itself from the
 * samples. Each record is validated with Vigil's log schema before it is written; members
 * are read one at a time. Zip members may be stored, deflated or Zstandard-compressed.
 */
export async function importInspectLog(
  input: string,
  output: string,
  options: { readonly vigil: LogHeader['vigil'] },
): Promise<ImportResult> {
  try {
    await access(input);
  } catch {
    throw new InputError('cannot read the log: no such file', { source: input });
  }
  const reader = await ZipReader.open(input);
  try {
    const samples = reader.select(isSampleMember);
    const { header: inspectHeader, spec } = await readHeader(reader, samples.length > 0);
    const header = fromInspectSpec(
      spec,
      {
        scorers: await scorerNames(reader, spec, samples),
        totalSamples: inspectHeader?.results?.total_samples ?? undefined,
        sampleCount: samples.length,
        vigil: options.vigil,
      },
      `${input} header`,
    );
    const file = await OutputFile.create(output);
    try {
      const written = await writeRecords(reader, header, samples, file);
      const footer =
        inspectHeader === undefined || inspectHeader.status === 'started'
          ? undefined
          : buildFooter(inspectHeader, header, written, `${input} header.json`);
      if (footer !== undefined) file.write(`${JSON.stringify(footer)}\n`);
      await file.close();
      return { output, samples: written.count, status: footer?.status ?? 'incomplete' };
    } catch (error) {
      await file.discard();
      throw error;
    }
  } finally {
    await reader.close();
  }
}

interface Written {
  readonly count: number;
  readonly errored: number;
  readonly usage: SampleRecord['usage'];
  readonly tally: ScoreTally;
  readonly lastEnd: string | undefined;
}

async function writeRecords(
  reader: ZipReader,
  header: LogHeader,
  samples: readonly ZipEntry[],
  file: OutputFile,
): Promise<Written> {
  file.write(`${JSON.stringify(header)}\n`);
  const tally = new ScoreTally(header.config.scorers);
  let count = 0;
  let errored = 0;
  let usage = zeroUsage;
  let lastEnd: number | undefined;
  for (const entry of samples) {
    const record = fromInspectSample(
      await readJson(reader, entry),
      `${reader.path} ${entry.name}`,
      header.createdAt,
    );
    file.write(`${JSON.stringify(record)}\n`);
    count += 1;
    if (record.error !== undefined) errored += 1;
    usage = addUsage(usage, record.usage);
    tally.add(record);
    const end = Date.parse(record.startedAt) + record.durationMs;
    if (Number.isFinite(end)) lastEnd = Math.max(lastEnd ?? end, end);
    await file.drained();
  }
  return {
    count,
    errored,
    usage,
    tally,
    lastEnd: lastEnd === undefined ? undefined : new Date(lastEnd).toISOString(),
  };
}

function buildFooter(
  inspectHeader: InspectHeaderInput,
  header: LogHeader,
  written: Written,
  where: string,
): LogFooter {
  const completedAt =
    inspectHeader.stats.completed_at != null && inspectHeader.stats.completed_at !== ''
      ? fromInspectTime(inspectHeader.stats.completed_at)
      : (written.lastEnd ?? header.createdAt);
  const startedAt =
    inspectHeader.stats.started_at != null && inspectHeader.stats.started_at !== ''
      ? inspectHeader.stats.started_at
      : header.createdAt;
  const scorers = written.tally.summarize(header.config.reducer).map((scorer) => ({
    ...scorer,
    metrics: Object.fromEntries(
      Object.entries(scorer.metrics).map(([name, metric]) => [
        name,
        {
          ...metric,
          ci95:
            metric.ci95 === null ? null : ([metric.ci95[0], metric.ci95[1]] as [number, number]),
        },
      ]),
    ),
  }));
  return parseWith(
    logFooterSchema,
    {
      type: 'footer',
      status: inspectHeader.status,
      completedAt,
      results: {
        plannedSamples: header.plannedSamples,
        completedSamples: written.count,
        erroredSamples: written.errored,
        scorers,
      },
      usage: written.usage,
      durationMs: secondsToMs(secondsBetween(startedAt, completedAt)),
      ...(inspectHeader.error == null ? {} : { error: fromInspectError(inspectHeader.error) }),
    },
    where,
    schemaHint,
  );
}
