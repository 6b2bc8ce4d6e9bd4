import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { dirname } from 'node:path';
import type { LogFooter, LogHeader, SampleRecord } from '../core/log/log-schema.js';
import type { LogSink } from '../core/log/log-sink.js';

/** Lines are gathered and written together: one write per event-loop turn, not one per sample. */
const flushBytes = 256 * 1024;

/**
 * Writes an eval log as JSON Lines, one record per line, appended as samples finish. The
 * file is created exclusively (an existing log is never overwritten); a line is either
 * whole or, after a crash, the unfinished last line that readers skip. Records finished in
 * the same event-loop turn reach the file together, so a crash loses at most that turn's
 * records, which a resumed run does again.
 */
export class JsonlLogSink implements LogSink {
  readonly location: string;
  #stream: WriteStream | undefined;
  #failure: Error | undefined;
  #pending: string[] = [];
  #pendingBytes = 0;
  #scheduled = false;
  /** One wait for 'drain' shared by every writer that found the buffer full. */
  #drained: Promise<unknown> | undefined;

  constructor(path: string) {
    this.location = path;
  }

  async open(header: LogHeader): Promise<void> {
    await mkdir(dirname(this.location), { recursive: true });
    const stream = createWriteStream(this.location, {
      flags: 'wx',
      encoding: 'utf8',
      highWaterMark: 1024 * 1024,
    });
    stream.on('error', (error) => {
      this.#failure = error;
    });
    await once(stream, 'open');
    this.#stream = stream;
    await this.#append(header);
  }

  writeSample(record: SampleRecord): Promise<void> {
    return this.#append(record);
  }

  async close(footer: LogFooter): Promise<void> {
    await this.#append(footer);
    this.#flush();
    const stream = this.#stream;
    if (stream === undefined) return;
    stream.end();
    await once(stream, 'finish');
    this.#throwIfFailed();
  }

  async #append(record: LogHeader | SampleRecord | LogFooter): Promise<void> {
    this.#throwIfFailed();
    if (this.#stream === undefined) throw new Error(`log ${this.location} is not open`);
    const line = `${JSON.stringify(record)}\n`;
    this.#pending.push(line);
    this.#pendingBytes += line.length;
    if (this.#pendingBytes >= flushBytes) this.#flush();
    else if (!this.#scheduled) {
      this.#scheduled = true;
      setImmediate(() => {
        this.#flush();
      });
    }
    if (this.#stream.writableNeedDrain) {
      this.#drained ??= once(this.#stream, 'drain').finally(() => {
        this.#drained = undefined;
      });
      await this.#drained;
    }
  }

  #flush(): void {
    this.#scheduled = false;
    if (this.#pending.length === 0 || this.#stream === undefined) return;
    this.#stream.write(this.#pending.join(''));
    this.#pending = [];
    this.#pendingBytes = 0;
  }

  #throwIfFailed(): void {
    if (this.#failure !== undefined) throw this.#failure;
  }
}
