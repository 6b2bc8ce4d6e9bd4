import { InputError } from '../../core/errors/input-error.js';
import type { LogFooter, LogHeader } from '../../core/log/log-schema.js';
import { addUsage, zeroUsage, type TokenUsage } from '../../core/model/model-output.js';
import { ScoreTally } from '../../core/runner/score-tally.js';
import { streamLog } from '../../log-files/read-log.js';
import { toEvalResults, toSampleReductions } from './export-results.js';
import { sampleMemberName, toInspectSample, toInspectUsage } from './export-sample.js';
import { toEvalPlan, toEvalSpec } from './export-spec.js';
import { toInspectError } from './inspect-errors.js';
import { toInspectJson } from './inspect-json.js';
import { toInspectTime } from './inspect-time.js';
import type { InspectEvalLogHeader, InspectSampleSummary } from './inspect-types.js';
import { OutputFile } from './output-file.js';
import { ZipWriter } from './zip-writer.js';

/** What an export wrote. */
export interface ExportResult {
  readonly output: string;
  readonly samples: number;
  /** The Inspect status: `started` for a Vigil log without a footer. */
  readonly status: InspectEvalLogHeader['status'];
}

/** Samples per `_journal/summaries/{n}.json`, as Inspect journals them after each flush. */
const journalBatch = 100;
const encoder = new TextEncoder();

function jsonBytes(value: unknown): Uint8Array {
  return encoder.encode(toInspectJson(value));
}

/** What the first pass over the Vigil log learns, in numbers and one header and footer. */
interface FirstPass {
  readonly header: LogHeader;
  readonly footer: LogFooter | undefined;
  readonly samples: number;
  readonly errored: number;
  readonly usage: TokenUsage;
  readonly tally: ScoreTally;
}

/**
 * Writes a Vigil log as an Inspect `.eval` archive (ZIP, deflate), in Inspect's member order:
 * `_journal/start.json`, `samples/{id}_epoch_{epoch}.json` with a `_journal/summaries/{n}.json`
 * after every batch, then `summaries.json`, `reductions.json` (more than one epoch) and
 * `header.json` last. Samples stream from the log one at a time and the archive streams to
 * disk; a second pass over the log writes `summaries.json`. Never overwrites `output`.
 */
export async function exportInspectLog(input: string, output: string): Promise<ExportResult> {
  // Read the first record before creating anything, so a bad input leaves no file behind.
  const records = streamLog(input);
  const firstEntry = await records.next();
  await records.return(undefined);
  if (firstEntry.done === true || firstEntry.value.type !== 'header') {
    throw new InputError('has no header', { source: input, hint: 'is this a Vigil eval log?' });
  }
  const file = await OutputFile.create(output);
  try {
    const zip = new ZipWriter(
      (chunk) => {
        file.write(chunk);
      },
      {
        mtime: new Date(firstEntry.value.header.createdAt),
      },
    );
    const pass = await writeSamples(input, zip, file);
    await writeSummaries(input, pass, zip, file);
    const { header, footer } = pass;
    if (header.config.epochs > 1) {
      zip.add('reductions.json', jsonBytes(toSampleReductions(pass.tally, header.config.reducer)));
    }
    const scorers = footer?.results.scorers ?? pass.tally.summarize(header.config.reducer);
    const status = footer?.status ?? 'started';
    const spec = toEvalSpec(header);
    const evalLog: InspectEvalLogHeader = {
      version: 2,
      status,
      eval: spec,
      plan: toEvalPlan(header),
      results: toEvalResults(scorers, {
        planned: header.plannedSamples,
        completed: pass.samples,
        errored: pass.errored,
      }),
      stats: {
        started_at: toInspectTime(header.createdAt),
        completed_at: footer === undefined ? '' : toInspectTime(footer.completedAt),
        model_usage: { [header.model.name]: toInspectUsage(footer?.usage ?? pass.usage) },
        role_usage: {},
        connection_limit_history: [],
      },
      ...(footer?.error === undefined ? {} : { error: toInspectError(footer.error) }),
      invalidated: false,
      tags: [],
      metadata: spec.metadata ?? {},
    };
    zip.add('header.json', jsonBytes(evalLog));
    zip.end();
    await file.close();
    return { output, samples: pass.samples, status };
  } catch (error) {
    await file.discard();
    throw error;
  }
}

async function writeSamples(input: string, zip: ZipWriter, file: OutputFile): Promise<FirstPass> {
  let header: LogHeader | undefined;
  let footer: LogFooter | undefined;
  let tally: ScoreTally | undefined;
  let samples = 0;
  let errored = 0;
  let usage = zeroUsage;
  let journal: InspectSampleSummary[] = [];
  let journalFiles = 0;
  const flushJournal = () => {
    if (journal.length === 0) return;
    journalFiles += 1;
    zip.add(`_journal/summaries/${journalFiles}.json`, jsonBytes(journal));
    journal = [];
  };
  for await (const entry of streamLog(input)) {
    if (entry.type === 'header') {
      header = entry.header;
      tally = new ScoreTally(header.config.scorers);
      zip.add(
        '_journal/start.json',
        jsonBytes({ version: 2, eval: toEvalSpec(header), plan: toEvalPlan(header) }),
      );
    } else if (entry.type === 'sample' && header !== undefined) {
      const record = entry.sample;
      const { sample, summary } = toInspectSample(record, {
        model: header.model.name,
        runId: header.runId,
      });
      zip.add(sampleMemberName(record.id, record.epoch), jsonBytes(sample));
      journal.push(summary);
      if (journal.length >= journalBatch) flushJournal();
      samples += 1;
      if (record.error !== undefined) errored += 1;
      usage = addUsage(usage, record.usage);
      tally?.add(record);
      await file.drained();
    } else if (entry.type === 'footer') footer = entry.footer;
  }
  flushJournal();
  if (header === undefined || tally === undefined) {
    throw new InputError('has no header', { source: input, hint: 'is this a Vigil eval log?' });
  }
  return { header, footer, samples, errored, usage, tally };
}

/** Streams `summaries.json` from a second pass, taking the samples the first pass wrote. */
async function writeSummaries(
  input: string,
  pass: FirstPass,
  zip: ZipWriter,
  file: OutputFile,
): Promise<void> {
  const member = zip.begin('summaries.json');
  member.push(encoder.encode('['));
  let written = 0;
  for await (const entry of streamLog(input)) {
    if (entry.type !== 'sample') continue;
    if (written === pass.samples) break; // a log still being written may have grown since
    const { summary } = toInspectSample(entry.sample, {
      model: pass.header.model.name,
      runId: pass.header.runId,
    });
    if (written > 0) member.push(encoder.encode(','));
    member.push(jsonBytes(summary));
    written += 1;
    await file.drained();
  }
  member.push(encoder.encode(']'));
  member.end();
}
