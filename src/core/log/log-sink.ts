import type { LogFooter, LogHeader, SampleRecord } from './log-schema.js';

/**
 * Where a run writes its log, record by record as samples finish. The runner calls `open`
 * once, `writeSample` per finished sample-epoch, and `close` once; a sink never holds the
 * whole log in memory.
 */
export interface LogSink {
  /** Where the log lives, for people: a file path or a name. */
  readonly location: string;
  open(header: LogHeader): Promise<void>;
  /** Resolves when the record may be considered stored (and the writer has room for more). */
  writeSample(record: SampleRecord): Promise<void>;
  close(footer: LogFooter): Promise<void>;
}
