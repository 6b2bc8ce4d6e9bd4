import { basename, extname } from 'node:path';
import { parse as parseCsv, type Info as CsvInfo } from 'csv-parse/sync';
import { InputError } from '../core/errors/input-error.js';
import type { Metadata, Sample } from '../core/task/sample.js';
import { sampleRecordInputSchema, type SampleRecordInput } from '../core/task/sample-schema.js';
import type { Dataset } from '../core/task/task.js';
import { describeIssues } from '../core/validation/parse-with.js';
import { readTextFile } from './read-structured-file.js';

const hint = 'each record needs "input" and usually "target"; optional "id", "choices", "metadata"';

function toSample(record: SampleRecordInput, fallbackId: string): Sample {
  return {
    id: record.id === undefined ? fallbackId : String(record.id),
    input: record.input,
    target: record.target,
    ...(record.choices === undefined ? {} : { choices: record.choices }),
    ...(record.metadata === undefined ? {} : { metadata: record.metadata as Metadata }),
    ...(record.files === undefined ? {} : { files: record.files }),
  };
}

function validate(value: unknown, source: string, fallbackId: string): Sample {
  const result = sampleRecordInputSchema.safeParse(value);
  if (!result.success) throw new InputError(describeIssues(result.error), { source, hint });
  return toSample(result.data, fallbackId);
}

function parseJsonl(text: string, path: string): Sample[] {
  const samples: Sample[] = [];
  let lineNumber = 0;
  for (const line of text.split('\n')) {
    lineNumber += 1;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      throw new InputError(`is not valid JSON (${(error as Error).message})`, {
        source: `${path}:${lineNumber}`,
        hint: 'write one JSON object per line',
      });
    }
    samples.push(validate(value, `${path}:${lineNumber}`, String(samples.length + 1)));
  }
  return samples;
}

/** CSV columns: id, input, target, choices (JSON list or `|`-separated), metadata (JSON). */
function parseCsvText(text: string, path: string): Sample[] {
  let rows: { info: CsvInfo; record: Record<string, string> }[];
  try {
    // `info` gives each row's line: blank lines and quoted line breaks make it differ from its index.
    rows = parseCsv<{ info: CsvInfo; record: Record<string, string> }>(text, {
      columns: true,
      skip_empty_lines: true,
      info: true,
    });
  } catch (error) {
    throw new InputError(`is not valid CSV (${(error as Error).message})`, {
      source: path,
      hint: 'the first row must name the columns',
    });
  }
  return rows.map(({ info, record: row }, index) => {
    const source = `${path}:${info.lines}`;
    const record: Record<string, unknown> = { ...row };
    for (const field of ['choices', 'metadata', 'files', 'target'] as const) {
      const cell = row[field];
      if (cell === undefined) continue;
      if (cell === '') {
        if (field === 'target') record[field] = '';
        else Reflect.deleteProperty(record, field);
      } else if (cell.startsWith('[') || cell.startsWith('{')) {
        try {
          record[field] = JSON.parse(cell) as unknown;
        } catch {
          throw new InputError(`column ${field} is not valid JSON`, {
            source,
            hint: 'quote JSON cells, or write choices as A|B|C',
          });
        }
      } else if (field === 'choices') record[field] = cell.split('|');
      else if (field !== 'target')
        throw new InputError(`column ${field} must hold JSON`, { source, hint });
    }
    if (record.id === '') Reflect.deleteProperty(record, 'id');
    return validate(record, source, String(index + 1));
  });
}

/** Checks ids are unique: a duplicate would make scores and resumption ambiguous. */
function checkUniqueIds(samples: readonly Sample[], path: string): void {
  const seen = new Set<string>();
  for (const sample of samples) {
    if (seen.has(sample.id)) {
      throw new InputError(`sample id "${sample.id}" appears twice`, {
        source: path,
        hint: 'give every sample its own id',
      });
    }
    seen.add(sample.id);
  }
}

/** The text formats a dataset may be written in. */
export type DatasetFormat = 'jsonl' | 'csv';

/**
 * Parses a dataset held in memory, validating every record: at least one, ids unique. Errors
 * name `source` and the line (`source:12`), as they do for a file at that path.
 */
export function parseDatasetText(text: string, format: DatasetFormat, source: string): Sample[] {
  const samples = format === 'csv' ? parseCsvText(text, source) : parseJsonl(text, source);
  if (samples.length === 0)
    throw new InputError('has no samples', { source, hint: 'add at least one record' });
  checkUniqueIds(samples, source);
  return samples;
}

/** Loads a `.jsonl` or `.csv` dataset, validating every record before anything runs. */
export async function loadDatasetFile(path: string): Promise<Dataset> {
  const extension = extname(path).toLowerCase();
  if (extension !== '.jsonl' && extension !== '.csv') {
    throw new InputError(`unsupported dataset format "${extension}"`, {
      source: path,
      hint: 'use a .jsonl or .csv file',
    });
  }
  const text = await readTextFile(path, 'dataset');
  const samples = parseDatasetText(text, extension === '.csv' ? 'csv' : 'jsonl', path);
  return { name: basename(path, extname(path)), location: path, samples };
}
