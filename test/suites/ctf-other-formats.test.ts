// The files the forensics and misc challenges generate are what standard tools expect: pcap
// frames with valid IPv4, TCP and UDP checksums, and a git repository git itself accepts.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  dnsMessage,
  pcapFile,
  tcpConnection,
  udpFrame,
} from '../../src/suites/cyber/ctf/challenges/other/forensics/pcap-writer.js';
import { gitRepository } from '../../src/suites/cyber/ctf/challenges/other/misc/git-objects.js';
import { useTempDir } from '../support/temp-dir.js';

/** The one's-complement sum of 16-bit words: 0xffff over data that carries its checksum. */
function onesSum(data: Uint8Array): number {
  let sum = 0;
  for (let at = 0; at < data.length; at += 2) sum += ((data[at] ?? 0) << 8) | (data[at + 1] ?? 0);
  while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
  return sum;
}

function frames(capture: Uint8Array): Uint8Array[] {
  const view = new DataView(capture.buffer, capture.byteOffset, capture.byteLength);
  expect(view.getUint32(0, true)).toBe(0xa1b2c3d4);
  expect(view.getUint32(20, true)).toBe(1); // Ethernet
  const out: Uint8Array[] = [];
  for (let at = 24; at < capture.length;) {
    const length = view.getUint32(at + 8, true);
    out.push(capture.subarray(at + 16, at + 16 + length));
    at += 16 + length;
  }
  return out;
}

describe('generated evidence', () => {
  it('pcap frames carry valid IPv4, TCP and UDP checksums and keep their payloads', () => {
    const client = { ip: '10.0.0.2', port: 40000 };
    const server = { ip: '203.0.113.9', port: 4444 };
    const chunks = [Buffer.from('hello '), Buffer.from('odd-length!')];
    const capture = pcapFile([
      ...tcpConnection({
        client,
        server,
        start: 100,
        chunks,
        order: [1, 0, 1],
        clientIsn: 7,
        serverIsn: 9,
      }),
      {
        time: 99,
        frame: udpFrame(client, { ip: '10.0.0.53', port: 53 }, dnsMessage(5, 'a.example', false)),
      },
    ]);
    const all = frames(capture);
    expect(all).toHaveLength(3 + 3 * 2 + 3 + 1);
    const payloads: string[] = [];
    for (const frame of all) {
      const ip = frame.subarray(14, 34);
      expect(onesSum(ip)).toBe(0xffff);
      const segment = frame.subarray(34);
      const pseudo = Buffer.concat([
        ip.subarray(12, 20),
        Buffer.from([0, ip[9] ?? 0, segment.length >> 8, segment.length & 0xff]),
        segment,
        Buffer.alloc(segment.length % 2),
      ]);
      expect(onesSum(pseudo)).toBe(0xffff);
      if (ip[9] === 6) {
        const data = segment.subarray(((segment[12] ?? 0) >> 4) * 4);
        if (data.length > 0) payloads.push(Buffer.from(data).toString());
      }
    }
    expect(payloads).toEqual(['odd-length!', 'hello ', 'odd-length!']);
    expect(Buffer.from(all[0]!).readUInt16BE(12)).toBe(0x0800);
  });

  it('refuses a DNS label longer than 63 bytes', () => {
    expect(() => dnsMessage(1, `${'a'.repeat(64)}.example`, false)).toThrow(/63/);
  });

  const dir = useTempDir('vigil-git-');

  it('writes loose git objects whose ids are their SHA-1, and git accepts the repository', async () => {
    const author = { name: 'A', email: 'a@example.com', time: 1_700_000_000 };
    const { files, head } = gitRepository([
      { message: 'first', author, files: { 'b.txt': 'secret\n', 'a.txt': 'hello\n' } },
      {
        message: 'second',
        author: { ...author, time: 1_700_000_100 },
        files: { 'a.txt': 'hello\n' },
      },
    ]);
    expect(files['refs/heads/main']).toBe(`${head}\n`);
    for (const [path, contents] of Object.entries(files)) {
      const match = /^objects\/(\w\w)\/(\w{38})$/.exec(path);
      if (match === null) continue;
      const id = createHash('sha1').update(inflateSync(contents)).digest('hex');
      expect(id).toBe(`${match[1]!}${match[2]!}`);
    }
    if (!existsSync('/usr/bin/git')) return;
    for (const [path, contents] of Object.entries(files)) {
      const target = join(dir.path, '.git', path);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, contents);
    }
    execFileSync('git', ['-C', dir.path, 'fsck', '--full', '--strict']);
    const log = execFileSync('git', ['-C', dir.path, 'log', '--format=%s', '--name-status'])
      .toString()
      .trim();
    expect(log).toBe('second\n\nD\tb.txt\nfirst\n\nA\ta.txt\nA\tb.txt');
  });
});
