import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { LogFooter, LogHeader, SampleRecord } from '../../src/core/log/log-schema.js';
import { streamLog, streamSampleRecords } from '../../src/log-files/read-log.js';

/** The path of the one file in `logDir`; fails the test when there are more or none. */
export async function onlyLog(logDir: string): Promise<string> {
  const files = await readdir(logDir);
  expect(files).toHaveLength(1);
  return join(logDir, files[0] ?? '');
}

/** A Vigil log's header, sample records and footer (undefined while the run is unfinished). */
export async function readVigilLog(path: string) {
  let header: LogHeader | undefined;
  let footer: LogFooter | undefined;
  const samples: SampleRecord[] = [];
  for await (const entry of streamLog(path)) {
    if (entry.type === 'header') header = entry.header;
    else if (entry.type === 'sample') samples.push(entry.sample);
    else if (entry.type === 'footer') footer = entry.footer;
  }
  return { header: header!, samples, footer };
}

/** The sample records of a Vigil log, in file order. */
export async function readSampleRecords(path: string): Promise<SampleRecord[]> {
  const all: SampleRecord[] = [];
  for await (const record of streamSampleRecords(path)) all.push(record);
  return all;
}
