import type { LogFooter, LogHeader, SampleRecord } from '../../src/core/log/log-schema.js';
import type { LogSink } from '../../src/core/log/log-sink.js';

/** A log sink that keeps records in memory, for runner tests. */
export class MemoryLogSink implements LogSink {
  readonly location = 'memory';
  header: LogHeader | undefined;
  readonly samples: SampleRecord[] = [];
  footer: LogFooter | undefined;

  open(header: LogHeader): Promise<void> {
    this.header = header;
    return Promise.resolve();
  }

  writeSample(record: SampleRecord): Promise<void> {
    if (this.header === undefined || this.footer !== undefined)
      throw new Error('sample written outside open/close');
    this.samples.push(record);
    return Promise.resolve();
  }

  close(footer: LogFooter): Promise<void> {
    this.footer = footer;
    return Promise.resolve();
  }
}
