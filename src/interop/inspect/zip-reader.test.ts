import { describe, expect, it } from 'vitest';
import { useTempDir } from '../../../test/support/temp-dir.js';
import { buildZip, type Member } from '../../../test/support/zip-fixture.js';
import { ZipReader } from './zip-reader.js';

const dir = useTempDir('vigil-inspect-import-');
const writeZip = (name: string, members: readonly Member[]) => dir.write(name, buildZip(members));

describe('ZipReader', () => {
  it('reads stored, deflate and zstd members and keeps the last of a repeated name', async () => {
    const path = await writeZip('mixed.zip', [
      { name: 'a.txt', text: 'stored', method: 'stored' },
      { name: 'b.txt', text: 'deflated '.repeat(50), method: 'deflate' },
      { name: 'c.txt', text: 'zstd', method: 'zstd' },
      { name: 'a.txt', text: 'stored again', method: 'zstd2' },
    ]);
    const reader = await ZipReader.open(path);
    expect(reader.names()).toEqual(['a.txt', 'b.txt', 'c.txt']);
    expect(await reader.readText(reader.find('a.txt')!)).toBe('stored again');
    expect(await reader.readText(reader.find('b.txt')!)).toBe('deflated '.repeat(50));
    expect(await reader.readText(reader.find('c.txt')!)).toBe('zstd');
    expect(reader.select((name) => name.startsWith('a')).map((e) => e.method)).toEqual([93]);
    await reader.close();
  });

  it('reads an archive past 65,535 members, whose end record count has wrapped', async () => {
    // Writers without zip64 (fflate among them) store the count modulo 65,536; Python's
    // zipfile, and this reader, walk the central directory by its size instead.
    const members = Array.from({ length: 66_000 }, (_, index) => ({
      name: `samples/${index}_epoch_1.json`,
      text: `{"id":${index}}`,
      method: 'stored' as const,
    }));
    const reader = await ZipReader.open(await writeZip('many.zip', members));
    expect(reader.entries).toHaveLength(66_000);
    expect(await reader.readText(reader.find('samples/65999_epoch_1.json')!)).toBe('{"id":65999}');
    await reader.close();
  });

  it('refuses a failed CRC and an unknown compression method', async () => {
    const path = await writeZip('bad.zip', [
      { name: 'crc.txt', text: 'hello', method: 'stored', badCrc: true },
      { name: 'bzip.txt', text: 'hello', method: 12 },
    ]);
    const reader = await ZipReader.open(path);
    await expect(reader.read(reader.find('crc.txt')!)).rejects.toThrow(/CRC-32/);
    await expect(reader.read(reader.find('bzip.txt')!)).rejects.toThrow(/method 12/);
    await reader.close();
  });
});
