import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname } from 'node:path';
import type { LogFooter, LogHeader, SampleRecord } from '../core/log/log-schema.js';
import type { LogSink } from '../core/log/log-sink.js';

/**
 * Writes an eval log as JSON Lines, one record per line, appended as samples finish. The
 * file is created exclusively (an existing log is never overwritten); a line is either
 * whole or, after a crash, the unfinished last line that readers skip.
 */
export class JsonlLogSink implements LogSink {
  readonly location: string;
  #stream: WriteStream | undefined;
  #failure: Error | undefined;
  /** One wait for 'drain' shared by every writer that found the buffer full. */
  #drained: Promise<unknown> | undefined;

  constructor(path: string) {
    this.location = path;
  }

  async open(header: LogHeader): Promise<void> {
    await mkdir(dirname(this.location), { recursive: true });
    const stream = createWriteStream(this.location, { flags: 'wx', encoding: 'utf8' });
    stream.on('error', (error) => {
      this.#failure = error;
    });
    await once(stream, 'open');
    this.#stream = stream;
    await this.#write(header);
  }

  writeSample(record: SampleRecord): Promise<void> {
    return this.#write(record);
  }

  async close(footer: LogFooter): Promise<void> {
    await this.#write(footer);
    const stream = this.#stream;
    if (stream === undefined) return;
    stream.end();
    await once(stream, 'finish');
    this.#throwIfFailed();
  }

  async #write(record: LogHeader | SampleRecord | LogFooter): Promise<void> {
    this.#throwIfFailed();
    const stream = this.#stream;
    if (stream === undefined) throw new Error(`log ${this.location} is not open`);
    if (!stream.write(`${JSON.stringify(record)}\n`)) {
      this.#drained ??= once(stream, 'drain').finally(() => {
        this.#drained = undefined;
      });
      await this.#drained;
    }
  }

  #throwIfFailed(): void {
    if (this.#failure !== undefined) throw this.#failure;
  }
}
