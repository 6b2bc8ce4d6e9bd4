import { Zip, ZipDeflate } from 'fflate';

/** Where a ZipWriter sends the archive's bytes, in order, as they are produced. */
export type ZipChunkSink = (chunk: Uint8Array) => void;

/** One member being written piece by piece; `end` finishes it. */
export interface ZipMemberStream {
  push(data: Uint8Array): void;
  end(): void;
}

/** DOS timestamps in a zip cover 1980 to 2107; fflate accepts 1980 to 2099. */
function zipTime(time: Date): Date {
  const year = time.getFullYear();
  return Number.isNaN(time.getTime()) || year < 1980 || year > 2099 ? new Date(1980, 0, 1) : time;
}

/**
 * Writes a ZIP archive member by member, each compressed with deflate (method 8), emitting
 * bytes as soon as a member is done so the caller can stream them to a file. Members stay
 * in the order they were added; one member is open at a time.
 */
export class ZipWriter {
  readonly #zip: Zip;
  readonly #mtime: Date;
  #failure: Error | null = null;
  #open = false;

  constructor(sink: ZipChunkSink, options: { mtime?: Date } = {}) {
    this.#mtime = zipTime(options.mtime ?? new Date());
    this.#zip = new Zip((error, chunk) => {
      if (error !== null) this.#failure = error;
      else sink(chunk);
    });
  }

  /** Adds a whole member. */
  add(name: string, data: Uint8Array): void {
    const member = this.begin(name);
    member.push(data);
    member.end();
  }

  /** Opens a member to be written in pieces; no other member may be added until it ends. */
  begin(name: string): ZipMemberStream {
    if (this.#open) throw new Error(`zip member still open when adding ${name}`);
    this.#throwIfFailed();
    const file = new ZipDeflate(name, { level: 6 });
    file.mtime = this.#mtime;
    this.#zip.add(file);
    this.#open = true;
    let pending: Uint8Array | undefined;
    return {
      // fflate needs the final chunk flagged, so each piece is held until the next arrives.
      push: (data) => {
        if (pending !== undefined) file.push(pending);
        pending = data;
        this.#throwIfFailed();
      },
      end: () => {
        file.push(pending ?? new Uint8Array(0), true);
        this.#open = false;
        this.#throwIfFailed();
      },
    };
  }

  /** Writes the central directory; the archive is complete once this returns. */
  end(): void {
    if (this.#open) throw new Error('zip member still open at the end of the archive');
    this.#zip.end();
    this.#throwIfFailed();
  }

  #throwIfFailed(): void {
    if (this.#failure !== null) throw this.#failure;
  }
}
