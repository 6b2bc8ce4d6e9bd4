import { createWriteStream, type WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import { InputError } from '../../core/errors/input-error.js';

/**
 * A file created exclusively (an existing file is never overwritten) and written in order,
 * with back-pressure: `write` queues, `drained` waits until the queue has room. `discard`
 * removes a half-written file after a failure.
 */
export class OutputFile {
  readonly path: string;
  readonly #stream: WriteStream;
  #failure: Error | undefined;

  private constructor(path: string, stream: WriteStream) {
    this.path = path;
    this.#stream = stream;
    stream.on('error', (error) => {
      this.#failure = error;
    });
  }

  /** Creates the file; an InputError with a hint if it already exists. */
  static async create(path: string): Promise<OutputFile> {
    const stream = createWriteStream(path, { flags: 'wx' });
    try {
      await once(stream, 'open');
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'EEXIST') {
        throw new InputError('already exists; Vigil never overwrites a file', {
          source: path,
          hint: 'choose another output name with -o, or move the file away',
        });
      }
      throw new InputError(`cannot create the file (${String(code ?? error)})`, {
        source: path,
        hint: 'check that the folder exists and is writable',
        cause: error,
      });
    }
    return new OutputFile(path, stream);
  }

  /** Queues bytes or text to be written. */
  write(data: Uint8Array | string): void {
    this.#throwIfFailed();
    this.#stream.write(data);
  }

  /** Resolves once the queue has room again. */
  async drained(): Promise<void> {
    this.#throwIfFailed();
    if (this.#stream.writableNeedDrain) await once(this.#stream, 'drain');
    this.#throwIfFailed();
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    this.#stream.end();
    await once(this.#stream, 'finish');
    this.#throwIfFailed();
  }

  /** Closes and deletes the file: what is left after a failure is not a log. */
  async discard(): Promise<void> {
    this.#stream.destroy();
    await rm(this.path, { force: true });
  }

  #throwIfFailed(): void {
    if (this.#failure !== undefined) throw this.#failure;
  }
}
