import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluateParser } from '../../src/suites/cyber/vuln-discovery/evaluate-parser.js';
import { randomInput, type VulnItem } from '../../src/suites/cyber/vuln-discovery/generate-item.js';
import { renderParsers } from '../../src/suites/cyber/vuln-discovery/render-program.js';
import { readProgramRun } from '../../src/suites/cyber/vuln-discovery/sanitizer-report.js';
import { SeededRandom } from '../../src/suites/cyber/vuln-discovery/seeded-random.js';
import {
  compileFlags,
  matchesFault,
} from '../../src/suites/cyber/vuln-discovery/vuln-discovery-scorer.js';
import { generateItems } from '../../src/suites/cyber/vuln-discovery/vuln-discovery-task.js';
import { useTempDir } from '../support/temp-dir.js';
import { breakCheck, lastBreakableCheck, nearMiss } from './vuln-discovery-inputs.js';

/*
 * The acceptance test of the generator against the real compiler: 1,000 items, each parser
 * built with AddressSanitizer and UBSan and run on its reference, the empty input, a random
 * input, a truncated reference, a reference with one byte changed, and a boundary input
 * (one step short of the bug, or the last check broken). To keep it cheap, 50
 * parsers share a C file whose main forks once per input (a crash ends only that child), and
 * two files build and run at a time. The TypeScript evaluation must agree with every run.
 */

const itemCount = 1000;
const batchSize = 50;

/** Output of a process; rejects only when it cannot start. */
function run(
  command: string,
  args: readonly string[],
  options: { cwd: string; input?: Uint8Array },
) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      // The sanitizers' own symbolizer costs ~100 ms a report; `symbolize` below does it in one go.
      env: {
        ...process.env,
        ASAN_OPTIONS: 'detect_leaks=0:halt_on_error=1:symbolize=0',
        UBSAN_OPTIONS: 'print_stacktrace=1:symbolize=0',
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.stdin.on('error', reject);
    child.on('close', (code) => {
      resolve({ code, stdout, stderr });
    });
    if (options.input === undefined) child.stdin.end();
    else child.stdin.end(options.input);
  });
}

/** A main that reads cases `[u32 parser][u32 length][bytes]` and runs each in a forked child. */
function harnessMain(names: readonly string[]): string[] {
  return [
    '#include <sys/wait.h>',
    '#include <unistd.h>',
    '',
    'static uint8_t input[65536 + 64];',
    'static uint8_t stream[1 << 22];',
    '',
    'static int dispatch(uint32_t which, size_t length) {',
    '  switch (which) {',
    ...names.map((name, index) => `    case ${index}: return ${name}(input, length);`),
    '  }',
    '  return 99;',
    '}',
    '',
    'static uint32_t word(const uint8_t *p) {',
    '  return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;',
    '}',
    '',
    'int main(void) {',
    '  size_t total = 0, got;',
    '  while ((got = fread(stream + total, 1, sizeof stream - total, stdin)) > 0) total += got;',
    '  unsigned number = 0;',
    '  for (size_t at = 0; at + 8 <= total; number++) {',
    '    uint32_t which = word(stream + at), length = word(stream + at + 4);',
    '    at += 8;',
    '    fprintf(stderr, "@@case %u\\n", number);',
    '    pid_t child = fork();',
    '    if (child == 0) {',
    '      memcpy(input, stream + at, length);',
    '      _exit(dispatch(which, length));',
    '    }',
    '    int status = 0;',
    '    waitpid(child, &status, 0);',
    '    fprintf(stderr, "@@exit %d\\n", WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status));',
    '    at += length;',
    '  }',
    '  return 0;',
    '}',
  ];
}

interface Case {
  readonly item: number;
  readonly kind:
    'reference' | 'empty' | 'random' | 'truncated' | 'mutated' | 'near miss' | 'broken last check';
  readonly input: Uint8Array;
}

function casesOf(item: VulnItem, index: number): Case[] {
  const random = new SeededRandom(item.seed ^ 0x2545f491);
  const mutated = Uint8Array.from(item.reference);
  const at = random.int(0, mutated.length - 1);
  mutated[at] = (mutated[at] ?? 0) ^ random.int(1, 255);
  return [
    { item: index, kind: 'reference', input: item.reference },
    { item: index, kind: 'empty', input: new Uint8Array() },
    { item: index, kind: 'random', input: randomInput(item) },
    {
      item: index,
      kind: 'truncated',
      input: item.reference.subarray(0, random.int(0, item.reference.length - 1)),
    },
    { item: index, kind: 'mutated', input: mutated },
    // Boundaries: one step short of the bug (easy items), or the last check failing.
    item.difficulty === 'easy'
      ? { item: index, kind: 'near miss', input: nearMiss(item) }
      : {
          item: index,
          kind: 'broken last check',
          input: breakCheck(item, lastBreakableCheck(item)),
        },
  ];
}

function encodeCases(cases: readonly Case[]): Uint8Array {
  const parts = cases.flatMap((entry) => {
    const header = Buffer.alloc(8);
    header.writeUInt32LE(entry.item, 0);
    header.writeUInt32LE(entry.input.length, 4);
    return [header, Buffer.from(entry.input)];
  });
  return Buffer.concat(parts);
}

/**
 * Turns the unsymbolized frames of the program (`#0 0x55d0… (/dir/prog+0x178bf)`) into the
 * form the sanitizers print when they symbolize (`#0 0x55d0… in parse_x /dir/prog.c:113`),
 * with one addr2line call for the whole batch.
 */
async function symbolize(stderr: string, directory: string): Promise<string> {
  const frame = /^(\s*#\d+ 0x[0-9a-f]+) +\((\S+?\/prog)\+(0x[0-9a-f]+)\)$/gm;
  const offsets = [...new Set([...stderr.matchAll(frame)].map((match) => match[3] ?? ''))];
  if (offsets.length === 0) return stderr;
  const lookup = await run('addr2line', ['-f', '-e', 'prog', ...offsets], { cwd: directory });
  const lines = lookup.stdout.split('\n');
  const names = new Map(
    offsets.map((offset, index) => [
      offset,
      `in ${lines[2 * index] ?? '??'} ${(lines[2 * index + 1] ?? '').replace(/ \(discriminator \d+\)$/, '')}`,
    ]),
  );
  return stderr.replace(
    frame,
    (_, head: string, _path, offset: string) => `${head} ${names.get(offset) ?? ''}`,
  );
}

/** Each case's stderr and exit code, split on the harness's markers. */
function splitRuns(stderr: string): { stderr: string; exit: number }[] {
  return stderr
    .split(/^@@case \d+\n/m)
    .slice(1)
    .map((segment) => {
      const exit = /^@@exit (\d+)$/m.exec(segment);
      return {
        stderr: segment.slice(0, exit?.index ?? segment.length),
        exit: Number(exit?.[1] ?? -1),
      };
    });
}

interface Tally {
  referencesFired: number;
  emptyFired: number;
  randomFired: number;
  cases: number;
  mismatches: string[];
}

async function checkBatch(
  items: readonly VulnItem[],
  directory: string,
  tally: Tally,
): Promise<void> {
  await mkdir(directory, { recursive: true });
  const programs = items.map((item, index) => ({
    ...item.program,
    name: `${item.program.name}_${index}`,
  }));
  const { source, faults } = renderParsers(
    programs,
    harnessMain(programs.map((program) => program.name)),
  );
  await writeFile(join(directory, 'prog.c'), source);
  const build = await run('gcc', [...compileFlags, '-o', 'prog', 'prog.c'], { cwd: directory });
  if (build.code !== 0) throw new Error(`batch ${directory} does not compile:\n${build.stderr}`);

  const cases = items.flatMap(casesOf);
  const output = await run('./prog', [], { cwd: directory, input: encodeCases(cases) });
  const runs = splitRuns(await symbolize(output.stderr, directory));
  expect(runs).toHaveLength(cases.length);
  cases.forEach((entry, index) => {
    const item = items[entry.item]!;
    const fault = faults[entry.item]!;
    const predicted = evaluateParser(item.program, entry.input);
    const observed = readProgramRun(runs[index]!.stderr);
    const fired = matchesFault(observed, fault);
    const where = `seed ${item.seed} (${item.difficulty}, ${item.bugClass}) on its ${entry.kind} input`;
    tally.cases += 1;
    if (entry.kind === 'reference' && fired) tally.referencesFired += 1;
    if (entry.kind === 'empty' && observed.report !== undefined) tally.emptyFired += 1;
    if (entry.kind === 'random' && observed.report !== undefined) tally.randomFired += 1;
    if (observed.stagesPassed !== predicted.stagesPassed)
      tally.mismatches.push(
        `${where}: C passed ${observed.stagesPassed} checks, the IR ${predicted.stagesPassed}`,
      );
    if ((predicted.outcome === 'triggered') !== fired)
      tally.mismatches.push(
        `${where}: IR ${predicted.outcome}, C ${observed.report?.kind ?? 'no report'} ${JSON.stringify(observed.report?.frames.slice(0, 2))}`,
      );
    if (predicted.outcome !== 'triggered') {
      if (observed.report !== undefined || observed.undefinedBehavior.length > 0)
        tally.mismatches.push(
          `${where}: unplanned sanitizer output ${runs[index]!.stderr.slice(0, 400)}`,
        );
      const exit = predicted.outcome === 'accepted' ? 0 : 1;
      if (runs[index]!.exit !== exit)
        tally.mismatches.push(`${where}: exit ${runs[index]!.exit}, expected ${exit}`);
    }
  });
}

/** Runs `work` on every entry, at most `workers` at a time. */
async function pool<T>(
  entries: readonly T[],
  workers: number,
  work: (entry: T, index: number) => Promise<void>,
) {
  let next = 0;
  const worker = async () => {
    while (next < entries.length) {
      const index = next;
      next += 1;
      await work(entries[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
}

describe('generated programs compiled with sanitizers', () => {
  const dir = useTempDir('vigil-vuln-batch-');

  it(`fire on every reference of ${itemCount} items, never on empty or random input, and agree with the IR`, async () => {
    const started = performance.now();
    const items = generateItems(20260602, itemCount);
    const generatedMs = performance.now() - started;
    const batches = Array.from({ length: itemCount / batchSize }, (_, index) =>
      items.slice(index * batchSize, (index + 1) * batchSize),
    );
    const tally: Tally = {
      referencesFired: 0,
      emptyFired: 0,
      randomFired: 0,
      cases: 0,
      mismatches: [],
    };
    await pool(batches, 2, (batch, index) =>
      checkBatch(batch, join(dir.path, `batch-${index}`), tally),
    );
    const totalMs = performance.now() - started;
    console.info(
      `vuln-discovery: generated ${itemCount} items in ${generatedMs.toFixed(0)} ms (${((itemCount / generatedMs) * 1000).toFixed(0)} items/s); ` +
        `compiled ${batches.length} files and ran ${tally.cases} inputs in ${(totalMs / 1000).toFixed(1)} s`,
    );

    expect(tally.mismatches.slice(0, 20)).toEqual([]);
    expect(tally.referencesFired).toBe(itemCount);
    expect(tally.emptyFired).toBe(0);
    expect(tally.randomFired).toBe(0);
    expect(tally.cases).toBe(itemCount * 6);
  }, 180_000);
});
