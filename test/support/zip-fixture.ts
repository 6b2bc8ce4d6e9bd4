// ZIP archives and Zstandard frames built byte by byte, independent of the readers and writers
// under test.
import { crc32 } from 'node:zlib';
import { deflateSync } from 'fflate';

const encoder = new TextEncoder();

/**
 * A Zstandard frame that stores `data` in raw (uncompressed) blocks. Raw blocks are valid
 * zstd (RFC 8878, section 3.1.1.2.2), so this stands in for a compressor, which no npm
 * package offers offline in pure JavaScript. Single-segment frame, 4-byte content size, no
 * checksum; blocks of at most 128 KiB.
 */
export function zstdRawFrame(data: Uint8Array): Uint8Array {
  const parts: number[] = [0x28, 0xb5, 0x2f, 0xfd, 0xa0];
  parts.push(
    data.length & 0xff,
    (data.length >>> 8) & 0xff,
    (data.length >>> 16) & 0xff,
    data.length >>> 24,
  );
  const bytes: Uint8Array[] = [];
  let offset = 0;
  do {
    const size = Math.min(128 * 1024, data.length - offset);
    const last = offset + size >= data.length ? 1 : 0;
    const header = (size << 3) | last; // block type 0 = raw
    parts.push(header & 0xff, (header >>> 8) & 0xff, (header >>> 16) & 0xff);
    bytes.push(Uint8Array.from(parts), data.subarray(offset, offset + size));
    parts.length = 0;
    offset += size;
  } while (offset < data.length);
  return Buffer.concat(bytes);
}

/** Zstandard data in two frames, as Inspect writes members larger than its frame cap. */
export function zstdTwoFrames(data: Uint8Array): Uint8Array {
  const half = Math.floor(data.length / 2);
  return Buffer.concat([zstdRawFrame(data.subarray(0, half)), zstdRawFrame(data.subarray(half))]);
}

export type Method = 'stored' | 'deflate' | 'zstd' | 'zstd2' | number;

export interface Member {
  readonly name: string;
  readonly text: string;
  readonly method: Method;
  /** Corrupts the recorded CRC-32. */
  readonly badCrc?: boolean;
}

/** A ZIP archive written byte by byte, independent of the writer under test. */
export function buildZip(members: readonly Member[]): Uint8Array {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const member of members) {
    const data = encoder.encode(member.text);
    const [method, compressed] =
      member.method === 'stored'
        ? [0, data]
        : member.method === 'deflate'
          ? [8, deflateSync(data)]
          : member.method === 'zstd'
            ? [93, zstdRawFrame(data)]
            : member.method === 'zstd2'
              ? [93, zstdTwoFrames(data)]
              : [member.method, data];
    const name = Buffer.from(member.name, 'utf8');
    const crc = (crc32(data) ^ (member.badCrc === true ? 1 : 0)) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(63, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(compressed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(63, 4);
    header.writeUInt16LE(63, 6);
    header.writeUInt16LE(0x0800, 8);
    header.writeUInt16LE(method, 10);
    header.writeUInt32LE(crc, 16);
    header.writeUInt32LE(compressed.length, 20);
    header.writeUInt32LE(data.length, 24);
    header.writeUInt16LE(name.length, 28);
    header.writeUInt32LE(offset, 42);
    chunks.push(local, name, Buffer.from(compressed));
    central.push(header, name);
    offset += local.length + name.length + compressed.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length & 0xffff, 8);
  end.writeUInt16LE(members.length & 0xffff, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, directory, end]);
}
