import { open, type FileHandle } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { inflateSync } from 'fflate';
import { decompress as zstdDecompress } from 'fzstd';
import { InputError } from '../../core/errors/input-error.js';

/** ZIP compression methods the reader understands: stored, deflate and Zstandard. */
export const zipMethods = { stored: 0, deflate: 8, zstd: 93 } as const;

/** One member as the central directory describes it. */
export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly flags: number;
  readonly crc: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
}

const signatures = {
  localHeader: 0x04034b50,
  centralHeader: 0x02014b50,
  end: 0x06054b50,
  zip64End: 0x06064b50,
  zip64Locator: 0x07064b50,
} as const;
const endRecordSize = 22;
const maxCommentSize = 0xffff;
const utf8 = new TextDecoder('utf-8');

function u16(bytes: Uint8Array, at: number): number {
  return (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
}

function u32(bytes: Uint8Array, at: number): number {
  return (u16(bytes, at) | (u16(bytes, at + 2) << 16)) >>> 0;
}

function u64(bytes: Uint8Array, at: number): number {
  return u32(bytes, at) + u32(bytes, at + 4) * 2 ** 32;
}

/**
 * Reads a ZIP archive from disk by its central directory, member by member, so only one
 * member is in memory at a time. Zip64 sizes and offsets are understood. Members may be
 * stored (0), deflated (8) or Zstandard-compressed (93, possibly in several frames); each is
 * checked against its CRC-32.
 */
export class ZipReader {
  readonly path: string;
  /** Every member in central-directory order; a name may repeat (the last one wins). */
  readonly entries: readonly ZipEntry[];
  readonly #file: FileHandle;
  readonly #byName: ReadonlyMap<string, ZipEntry>;

  private constructor(path: string, file: FileHandle, entries: readonly ZipEntry[]) {
    this.path = path;
    this.#file = file;
    this.entries = entries;
    this.#byName = new Map(entries.map((entry) => [entry.name, entry]));
  }

  /** Opens an archive and reads its central directory; an InputError if it is not a zip. */
  static async open(path: string): Promise<ZipReader> {
    let file: FileHandle;
    try {
      file = await open(path, 'r');
    } catch (error) {
      throw new InputError('cannot read the file', { source: path, cause: error });
    }
    try {
      return new ZipReader(path, file, await readCentralDirectory(path, file));
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  /** Member names in archive order, each once (a repeated name keeps its last position). */
  names(): string[] {
    return [...this.#byName.keys()];
  }

  /** The member of that name (the last one, if the name repeats), if any. */
  find(name: string): ZipEntry | undefined {
    return this.#byName.get(name);
  }

  /** The unique members whose names satisfy `accept`, in archive order of their last copy. */
  select(accept: (name: string) => boolean): ZipEntry[] {
    return this.entries.filter(
      (entry) => accept(entry.name) && this.#byName.get(entry.name) === entry,
    );
  }

  /** A member's uncompressed bytes. */
  async read(entry: ZipEntry): Promise<Uint8Array> {
    const fail = (message: string) =>
      new InputError(`member ${entry.name} ${message}`, {
        source: this.path,
        hint: 'the archive is damaged or was cut off: copy it again',
      });
    if ((entry.flags & 1) !== 0) throw fail('is encrypted, which is not supported');
    const header = await readAt(this.#file, entry.localHeaderOffset, 30);
    if (u32(header, 0) !== signatures.localHeader) throw fail('has no local header');
    const dataStart = entry.localHeaderOffset + 30 + u16(header, 26) + u16(header, 28);
    const compressed = await readAt(this.#file, dataStart, entry.compressedSize);
    if (compressed.length !== entry.compressedSize) throw fail('is cut off');
    let data: Uint8Array;
    try {
      data = decompressMember(entry, compressed);
    } catch (error) {
      if (error instanceof InputError) throw error;
      throw fail(`does not decompress (${error instanceof Error ? error.message : String(error)})`);
    }
    if (data.length !== entry.size) throw fail('has the wrong size after decompression');
    if (crc32(data) !== entry.crc) throw fail('fails its CRC-32 check');
    return data;
  }

  /** A member's bytes decoded as UTF-8 text. */
  async readText(entry: ZipEntry): Promise<string> {
    return utf8.decode(await this.read(entry));
  }

  async close(): Promise<void> {
    await this.#file.close();
  }
}

function decompressMember(entry: ZipEntry, compressed: Uint8Array): Uint8Array {
  switch (entry.method) {
    case zipMethods.stored:
      return compressed;
    case zipMethods.deflate:
      return inflateSync(compressed, { out: new Uint8Array(entry.size) });
    case zipMethods.zstd:
      // No preallocated output: fzstd 0.1.1 fails on multi-frame data when given one, and
      // Inspect splits large members into several frames.
      return zstdDecompress(compressed);
    default:
      throw new InputError(
        `member ${entry.name} uses ZIP compression method ${entry.method}, which Vigil cannot read`,
        { hint: 'Inspect logs use stored (0), deflate (8) or Zstandard (93)' },
      );
  }
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Uint8Array> {
  const buffer = new Uint8Array(length);
  let filled = 0;
  while (filled < length) {
    const { bytesRead } = await file.read(buffer, filled, length - filled, position + filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  return filled === length ? buffer : buffer.subarray(0, filled);
}

async function readCentralDirectory(path: string, file: FileHandle): Promise<ZipEntry[]> {
  const notZip = (why: string) =>
    new InputError(`is not a ZIP archive (${why})`, {
      source: path,
      hint: 'an Inspect log is a .eval file (a ZIP archive); convert a .json log with `inspect log convert --to eval`',
    });
  const size = (await file.stat()).size;
  if (size < endRecordSize) throw notZip('too short');
  const tailStart = Math.max(0, size - endRecordSize - maxCommentSize - 20);
  const tail = await readAt(file, tailStart, size - tailStart);
  let end = -1;
  for (let at = tail.length - endRecordSize; at >= 0; at -= 1) {
    if (
      u32(tail, at) === signatures.end &&
      at + endRecordSize + u16(tail, at + 20) <= tail.length
    ) {
      end = at;
      break;
    }
  }
  if (end < 0) throw notZip('no end of central directory');
  let directorySize = u32(tail, end + 12);
  let directoryOffset = u32(tail, end + 16);
  if (end >= 20 && u32(tail, end - 20) === signatures.zip64Locator) {
    const zip64End = await readAt(file, u64(tail, end - 20 + 8), 56);
    if (u32(zip64End, 0) !== signatures.zip64End) throw notZip('bad zip64 end record');
    directorySize = u64(zip64End, 40);
    directoryOffset = u64(zip64End, 48);
  }
  if (directoryOffset + directorySize > size) throw notZip('central directory out of bounds');
  const directory = await readAt(file, directoryOffset, directorySize);
  const entries: ZipEntry[] = [];
  // Walk by size rather than the entry count, which wraps past 65,535 in writers without zip64.
  let at = 0;
  while (at + 46 <= directory.length) {
    if (u32(directory, at) !== signatures.centralHeader) throw notZip('bad central directory');
    const nameLength = u16(directory, at + 28);
    const extraLength = u16(directory, at + 30);
    const commentLength = u16(directory, at + 32);
    const name = utf8.decode(directory.subarray(at + 46, at + 46 + nameLength));
    let compressedSize = u32(directory, at + 20);
    let uncompressedSize = u32(directory, at + 24);
    let localHeaderOffset = u32(directory, at + 42);
    const extra = directory.subarray(at + 46 + nameLength, at + 46 + nameLength + extraLength);
    for (let field = 0; field + 4 <= extra.length; field += 4 + u16(extra, field + 2)) {
      if (u16(extra, field) !== 1) continue;
      // Zip64: 8-byte values follow for exactly the fields whose 4-byte value is all ones.
      let value = field + 4;
      if (uncompressedSize === 0xffffffff)
        [uncompressedSize, value] = [u64(extra, value), value + 8];
      if (compressedSize === 0xffffffff) [compressedSize, value] = [u64(extra, value), value + 8];
      if (localHeaderOffset === 0xffffffff) localHeaderOffset = u64(extra, value);
    }
    entries.push({
      name,
      method: u16(directory, at + 10),
      flags: u16(directory, at + 8),
      crc: u32(directory, at + 16),
      compressedSize,
      size: uncompressedSize,
      localHeaderOffset,
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
