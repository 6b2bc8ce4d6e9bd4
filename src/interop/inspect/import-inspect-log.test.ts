import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import { deflateSync } from 'fflate';
import { decompress } from 'fzstd';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../core/errors/input-error.js';
import type { LogFooter, LogHeader, SampleRecord } from '../../core/log/log-schema.js';
import { streamLog } from '../../log-files/read-log.js';
import { summarizeLog } from '../../log-files/summarize-log.js';
import { importInspectLog } from './import-inspect-log.js';
import { ZipReader } from './zip-reader.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vigil-inspect-import-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const encoder = new TextEncoder();
const importer = { vigil: { version: 'importer' } };

/**
 * A Zstandard frame that stores `data` in raw (uncompressed) blocks. Raw blocks are valid
 * zstd (RFC 8878, section 3.1.1.2.2), so this stands in for a compressor, which no npm
 * package offers offline in pure JavaScript. Single-segment frame, 4-byte content size, no
 * checksum; blocks of at most 128 KiB.
 */
function zstdRawFrame(data: Uint8Array): Uint8Array {
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
function zstdTwoFrames(data: Uint8Array): Uint8Array {
  const half = Math.floor(data.length / 2);
  return Buffer.concat([zstdRawFrame(data.subarray(0, half)), zstdRawFrame(data.subarray(half))]);
}

type Method = 'stored' | 'deflate' | 'zstd' | 'zstd2' | number;

interface Member {
  readonly name: string;
  readonly text: string;
  readonly method: Method;
  /** Corrupts the recorded CRC-32. */
  readonly badCrc?: boolean;
}

/** A ZIP archive written byte by byte, independent of the writer under test. */
function buildZip(members: readonly Member[]): Uint8Array {
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

async function writeZip(name: string, members: readonly Member[]): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, buildZip(members));
  return path;
}

/** An EvalSpec as Inspect writes it, for a run Vigil did not make. */
const spec = {
  eval_id: 'E1',
  run_id: 'R1',
  created: '2026-03-01T10:00:00.123456+01:00',
  task: 'arc_easy',
  task_id: 'T1',
  task_version: 0,
  task_attribs: {},
  task_args: {},
  task_args_passed: {},
  dataset: { name: 'ai2_arc', location: 'allenai/ai2_arc', samples: 2 },
  model: 'openai/gpt-4o',
  model_generate_config: { temperature: 0.5, max_connections: 4 },
  model_args: { base_url_env: 'X', n: 3 },
  config: { epochs: 2, epochs_reducer: ['mean'], fail_on_error: true, message_limit: 30 },
  packages: { inspect_ai: '0.3.260' },
  metadata: { suite: 'knowledge' },
  scorers: [{ name: 'choice' }, { name: 'grader' }],
};
const plan = { name: 'plan', steps: [], config: {} };

/** Score values per (id, epoch): letters, a boolean, a numeric string, a list, NaN. */
const values: Record<string, { choice: string; grader: string }> = {
  '1_1': { choice: '"C"', grader: '"N"' },
  '1_2': { choice: '"I"', grader: 'true' },
  '2_1': { choice: '"P"', grader: '"0.25"' },
  '2_2': { choice: 'NaN', grader: '[1, 2]' },
};

/** A sample as Inspect writes it: condensed (attachments, input_refs), with content lists. */
function nativeSample(id: number, epoch: number): string {
  const value = values[`${id}_${epoch}`]!;
  const question = {
    role: 'user',
    content: [
      { type: 'text', text: `Question ${id}` },
      { type: 'image', image: 'attachment://img' },
    ],
    source: 'input',
  };
  const answer = {
    role: 'assistant',
    content: [
      { type: 'reasoning', reasoning: 'thinking' },
      { type: 'text', text: 'ANSWER: A' },
    ],
    model: 'gpt-4o',
  };
  return `{"id": ${id}, "epoch": ${epoch},
    "input": "attachment://question${id}",
    "target": "A", "choices": ["red", "blue"],
    "messages": [{"role": "system", "content": "attachment://system"}, ${JSON.stringify(question)}, ${JSON.stringify(answer)}],
    "output": {"model": "gpt-4o", "choices": [{"message": ${JSON.stringify(answer)}, "stop_reason": "stop"}], "completion": "ANSWER: A", "usage": {"input_tokens": 20, "output_tokens": 5, "total_tokens": 25}},
    "scores": {"choice": {"value": ${value.choice}, "answer": "A", "history": []}, "grader": {"value": ${value.grader}, "history": []}},
    "metadata": {}, "store": {},
    "events": [
      {"event": "span_begin", "timestamp": "2026-03-01T10:00:01+01:00", "working_start": 0, "id": "s", "name": "sample"},
      {"event": "model", "timestamp": "2026-03-01T10:00:01.500+01:00", "working_start": 0.5, "model": "openai/gpt-4o", "input": [], "input_refs": [[0, 2]], "tools": [], "tool_choice": "none", "config": {"temperature": 0.5}, "output": {"model": "gpt-4o", "choices": [{"message": ${JSON.stringify(answer)}, "stop_reason": "stop"}], "completion": "ANSWER: A", "usage": {"input_tokens": 20, "output_tokens": 5, "total_tokens": 25}}, "working_time": 1.25},
      {"event": "score", "timestamp": "2026-03-01T10:00:03+01:00", "working_start": 2, "score": {"value": ${value.choice}, "history": []}, "scorer": "choice", "intermediate": false},
      {"event": "score", "timestamp": "2026-03-01T10:00:03+01:00", "working_start": 2, "score": {"value": 0, "history": []}, "scorer": "choice", "intermediate": true}
    ],
    "model_usage": {"openai/gpt-4o": {"input_tokens": 20, "output_tokens": 5, "total_tokens": 25}},
    "role_usage": {},
    "started_at": "2026-03-01T10:00:01+01:00", "completed_at": "2026-03-01T10:00:03.5+01:00",
    "total_time": 2.5, "working_time": 2.4, "uuid": "u${id}${epoch}",
    "attachments": {"system": "You are a careful assistant.", "question${id}": "Question ${id}", "img": "data:image/png;base64,AAAA"}}`;
}

const nativeHeader = (status: string, version = 2) =>
  JSON.stringify({
    version,
    status,
    eval: spec,
    plan,
    // Deliberately wrong metrics: the import recomputes them.
    results: {
      total_samples: 4,
      completed_samples: 4,
      scores: [
        {
          name: 'choice',
          scorer: 'choice',
          params: {},
          metrics: { accuracy: { name: 'accuracy', value: 0.99, params: {} } },
        },
      ],
    },
    stats: {
      started_at: '2026-03-01T10:00:00+01:00',
      completed_at: '2026-03-01T10:01:00+01:00',
      model_usage: {},
      role_usage: {},
      connection_limit_history: [],
    },
    invalidated: false,
    tags: [],
    metadata: {},
  });

const summaries = JSON.stringify(
  ['1_1', '1_2', '2_1', '2_2'].map((key) => ({
    id: Number(key[0]),
    epoch: Number(key[2]),
    scores: { choice: {}, grader: {} },
  })),
);

/** A finished native log, members compressed every way Inspect's readers accept. */
function nativeMembers(): Member[] {
  return [
    {
      name: '_journal/start.json',
      text: JSON.stringify({ version: 2, eval: spec, plan }),
      method: 'zstd',
    },
    // A superseded copy of a sample: the later member of the same name wins.
    { name: 'samples/1_epoch_1.json', text: '{"superseded": true}', method: 'stored' },
    { name: 'samples/1_epoch_1.json', text: nativeSample(1, 1), method: 'zstd' },
    { name: 'samples/2_epoch_1.json', text: nativeSample(2, 1), method: 'zstd2' },
    { name: 'samples/1_epoch_2.json', text: nativeSample(1, 2), method: 'deflate' },
    { name: 'samples/2_epoch_2.json', text: nativeSample(2, 2), method: 'stored' },
    { name: '_journal/summaries/1.json', text: summaries, method: 'stored' },
    { name: 'summaries.json', text: summaries, method: 'zstd' },
    { name: 'header.json', text: nativeHeader('success'), method: 'stored' },
  ];
}

async function readVigilLog(path: string) {
  let header: LogHeader | undefined;
  let footer: LogFooter | undefined;
  const samples: SampleRecord[] = [];
  for await (const entry of streamLog(path)) {
    if (entry.type === 'header') header = entry.header;
    else if (entry.type === 'sample') samples.push(entry.sample);
    else if (entry.type === 'footer') footer = entry.footer;
  }
  return { header: header!, samples, footer };
}

describe('the hand-made Zstandard fixture', () => {
  it('decodes with fzstd, in one frame or two, and across 128 KiB blocks', () => {
    const text = encoder.encode('x'.repeat(300_000) + 'end');
    expect(Buffer.from(decompress(zstdRawFrame(text))).equals(Buffer.from(text))).toBe(true);
    expect(Buffer.from(decompress(zstdTwoFrames(text))).equals(Buffer.from(text))).toBe(true);
  });
});

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

describe('vigil log import', () => {
  it('imports a finished Inspect log with zstd, deflate and stored members; Vigil recomputes the metrics', async () => {
    const input = await writeZip('native.eval', nativeMembers());
    const output = join(dir, 'native.vigil.jsonl');
    expect(await importInspectLog(input, output, importer)).toEqual({
      output,
      samples: 4,
      status: 'success',
    });
    const { header, samples, footer } = await readVigilLog(output);

    expect(header).toMatchObject({
      runId: 'R1',
      createdAt: '2026-03-01T09:00:00.123Z',
      task: {
        name: 'arc_easy',
        metadata: {
          suite: 'knowledge',
          inspect: { eval_id: 'E1', task_id: 'T1', packages: { inspect_ai: '0.3.260' } },
        },
        dataset: { name: 'ai2_arc', location: 'allenai/ai2_arc', samples: 2 },
      },
      model: { name: 'openai/gpt-4o', args: { base_url_env: 'X', n: '3' } },
      config: {
        epochs: 2,
        reducer: 'mean',
        maxConnections: 4,
        failOnError: 0,
        generate: { temperature: 0.5 },
        limits: { messages: 30 },
        scorers: ['choice', 'grader'],
      },
      plannedSamples: 4,
      vigil: { version: 'importer' },
    });

    expect(samples.map((s) => `${s.id}/${s.epoch}`)).toEqual(['1/1', '2/1', '1/2', '2/2']);
    const first = samples[0]!;
    expect(first.input).toBe('Question 1'); // an attachment, resolved
    expect(first.messages).toEqual([
      { role: 'system', content: 'You are a careful assistant.' },
      { role: 'user', content: 'Question 1' }, // the image part is dropped
      { role: 'assistant', content: 'ANSWER: A' }, // so is the reasoning
    ]);
    expect(first.output).toBe('ANSWER: A');
    expect(first.choices).toEqual(['red', 'blue']);
    expect(first.usage).toEqual({ inputTokens: 20, outputTokens: 5, totalTokens: 25 });
    expect(first.startedAt).toBe('2026-03-01T09:00:01.000Z');
    expect(first.durationMs).toBe(2500);
    expect(first.events).toEqual([
      {
        type: 'model-call',
        timestamp: '2026-03-01T09:00:01.500Z',
        durationMs: 1250,
        model: 'openai/gpt-4o',
        inputMessages: 2,
        config: { temperature: 0.5 },
        output: { content: 'ANSWER: A', stopReason: 'stop' },
        usage: { inputTokens: 20, outputTokens: 5, totalTokens: 25 },
      },
      {
        type: 'score',
        timestamp: '2026-03-01T09:00:03.000Z',
        scorer: 'choice',
        score: { value: 1, metadata: { inspect_value: 'C' } },
      },
    ]);

    const scoreValues = samples.map((s) => [s.scores.choice?.value, s.scores.grader?.value]);
    // C I P NaN -> 1 0 0.5 null; N true "0.25" [1,2] -> 0 1 0.25 null.
    expect(scoreValues).toEqual([
      [1, 0],
      [0.5, 0.25],
      [0, 1],
      [null, null],
    ]);
    expect(samples[3]!.scores.grader?.metadata).toEqual({ inspect_value: [1, 2] });

    expect(footer?.status).toBe('success');
    expect(footer?.results.completedSamples).toBe(4);
    const metrics = Object.fromEntries(
      footer!.results.scorers.map((s) => [s.scorer, s.metrics.accuracy?.value]),
    );
    // Sample means over epochs: choice (1+0)/2 and 0.5 -> 0.5; grader (0+1)/2 and 0.25 -> 0.375.
    expect(metrics).toEqual({ choice: 0.5, grader: 0.375 });
    expect(footer?.durationMs).toBe(60_000);

    const summary = await summarizeLog(output);
    expect(summary.status).toBe('success');
    expect(summary.scorers).toEqual(footer?.results.scorers);
  });

  it('imports an unfinished Inspect log (no header.json) without a footer', async () => {
    const members = nativeMembers().filter(
      (member) => member.name !== 'header.json' && member.name !== 'summaries.json',
    );
    const input = await writeZip('running.eval', members);
    const output = join(dir, 'running.vigil.jsonl');
    expect(await importInspectLog(input, output, importer)).toMatchObject({
      samples: 4,
      status: 'incomplete',
    });
    const summary = await summarizeLog(output);
    expect(summary.status).toBe('incomplete');
    expect(summary.header.config.scorers).toEqual(['choice', 'grader']);
    expect(summary.scorers.map((s) => s.metrics.accuracy?.value)).toEqual([0.5, 0.375]);
  });

  describe('refuses bad input with an InputError and writes nothing', () => {
    /** The error of an import that must fail, as the CLI prints it: message — hint. */
    async function refusal(input: string, output = join(dir, 'out.vigil.jsonl')) {
      const error: unknown = await importInspectLog(input, output, importer).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error).toBeInstanceOf(InputError);
      return (error as InputError).describe();
    }

    async function expectRefused(input: string, message: RegExp) {
      const output = join(dir, 'out.vigil.jsonl');
      expect(await refusal(input, output)).toMatch(message);
      expect(existsSync(output)).toBe(false);
    }

    it('a file that is not a ZIP archive', async () => {
      const input = join(dir, 'log.eval');
      await writeFile(input, '{"version": 2, "status": "success"}\n');
      await expectRefused(input, /log\.eval: is not a ZIP archive .* — .*inspect log convert/);
    });

    it('a missing file', async () => {
      await expectRefused(join(dir, 'nope.eval'), /nope\.eval: cannot read the log: no such file/);
    });

    it('an archive with neither header.json nor samples', async () => {
      const input = await writeZip('empty.eval', [
        {
          name: '_journal/start.json',
          text: JSON.stringify({ version: 2, eval: spec, plan }),
          method: 'stored',
        },
      ]);
      await expectRefused(input, /has no header\.json and no samples: there is nothing to import/);
    });

    it('samples without header.json or _journal/start.json', async () => {
      const input = await writeZip('orphans.eval', [
        { name: 'samples/1_epoch_1.json', text: nativeSample(1, 1), method: 'stored' },
      ]);
      await expectRefused(input, /has neither header\.json nor _journal\/start\.json/);
    });

    it('a newer schema version', async () => {
      const input = await writeZip('future.eval', [
        { name: 'header.json', text: nativeHeader('success', 3), method: 'stored' },
      ]);
      await expectRefused(
        input,
        /header\.json: uses Inspect log schema version 3; Vigil reads up to version 2 — upgrade Vigil/,
      );
    });

    it('a sample that is not JSON, or not a sample', async () => {
      const notJson = await writeZip('notjson.eval', [
        { name: 'samples/1_epoch_1.json', text: '{"id": 1,', method: 'zstd' },
        { name: 'header.json', text: nativeHeader('success'), method: 'stored' },
      ]);
      await expectRefused(notJson, /member samples\/1_epoch_1\.json is not JSON/);
      const notSample = await writeZip('notsample.eval', [
        { name: 'samples/1_epoch_1.json', text: '{"id": 1, "epoch": 0}', method: 'stored' },
        { name: 'header.json', text: nativeHeader('success'), method: 'stored' },
      ]);
      await expectRefused(notSample, /samples\/1_epoch_1\.json: field epoch/);
    });

    it('an output file that already exists', async () => {
      const input = await writeZip('native.eval', nativeMembers());
      const output = join(dir, 'taken.vigil.jsonl');
      await writeFile(output, 'precious\n');
      expect(await refusal(input, output)).toMatch(
        /taken\.vigil\.jsonl: already exists; Vigil never overwrites a file — choose another output name with -o/,
      );
      expect(await readFile(output, 'utf8')).toBe('precious\n');
    });
  });
});
