import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { InputError } from '../core/errors/input-error.js';
import {
  logFooterSchema,
  logHeaderSchema,
  sampleRecordSchema,
  type LogFooter,
  type LogHeader,
  type SampleRecord,
} from '../core/log/log-schema.js';
import { describeIssues } from '../core/validation/parse-with.js';

/** What a stream over a log yields. */
export type LogEntry =
  | { readonly type: 'header'; readonly header: LogHeader }
  | { readonly type: 'sample'; readonly sample: SampleRecord }
  | { readonly type: 'footer'; readonly footer: LogFooter }
  /** The unfinished last line of a log whose writer crashed. */
  | { readonly type: 'truncated'; readonly line: number };

const schemas = {
  header: logHeaderSchema,
  sample: sampleRecordSchema,
  footer: logFooterSchema,
} as const;

function invalid(path: string, line: number, message: string): InputError {
  return new InputError(message, {
    source: `${path}:${line}`,
    hint: 'is this a Vigil eval log (.vigil.jsonl)?',
  });
}

/**
 * Streams a log record by record, validating each against the schema; memory stays flat
 * however large the log. Only the final line may be unfinished (a crash while writing).
 */
export async function* streamLog(path: string): AsyncGenerator<LogEntry> {
  try {
    await access(path);
  } catch {
    throw new InputError('cannot read log: no such file', {
      source: path,
      hint: 'check the path (logs are in ./logs by default)',
    });
  }
  const lines = createInterface({
    input: createReadStream(path, { encoding: 'utf8' }),
    crlfDelay: Infinity,
  });
  let lineNumber = 0;
  let pendingError: InputError | undefined;
  for await (const line of lines) {
    lineNumber += 1;
    if (pendingError !== undefined) throw pendingError; // a bad line that was not the last
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      pendingError = invalid(path, lineNumber, 'is not a JSON record');
      continue;
    }
    const type = (value as { type?: unknown }).type;
    if (lineNumber === 1 && type !== 'header')
      throw invalid(path, 1, 'does not start with a log header');
    if (type !== 'header' && type !== 'sample' && type !== 'footer') {
      throw invalid(path, lineNumber, `has an unknown record type ${JSON.stringify(type)}`);
    }
    const result = schemas[type].safeParse(value);
    if (!result.success) throw invalid(path, lineNumber, describeIssues(result.error));
    if (result.data.type === 'header') yield { type: 'header', header: result.data };
    else if (result.data.type === 'sample') yield { type: 'sample', sample: result.data };
    else yield { type: 'footer', footer: result.data };
  }
  if (lineNumber === 0) throw invalid(path, 1, 'is empty');
  if (pendingError !== undefined) yield { type: 'truncated', line: lineNumber };
}

/** The header of a log, read without reading the rest. */
export async function readLogHeader(path: string): Promise<LogHeader> {
  for await (const entry of streamLog(path)) {
    if (entry.type === 'header') return entry.header;
    break;
  }
  throw new InputError('has no header', {
    source: path,
    hint: 'is this a Vigil eval log (.vigil.jsonl)?',
  });
}

/** The sample records of a log, streamed; a cut-off last line is skipped. */
export async function* streamSampleRecords(path: string): AsyncGenerator<SampleRecord> {
  for await (const entry of streamLog(path)) if (entry.type === 'sample') yield entry.sample;
}
