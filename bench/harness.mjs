#!/usr/bin/env node
// npm run bench:harness — Vigil's harness speed and memory against the fake OpenAI endpoint in
// ../shared/bench, beside the peer (promptfoo) on the same workload, with the ratios.
//
//   node bench/harness.mjs [--quick] [--no-peer] [--reps N]
//
// Scenarios (multiple-choice samples scored with `includes`, 128 connections):
//   10,000 at 0 ms latency (throughput), 10,000 at 200 ms (share of the latency-bound ideal
//   N·L/C), 100,000 at 0 ms (memory). Each Vigil run is checked: its accuracy must equal the
//   dataset's known expected accuracy, or the bench fails. Every loop is bounded; the only
//   processes started are the fake endpoint (stopped by PID) and the runs themselves.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const kit = resolve(root, '../shared/bench');
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const withPeer = !args.includes('--no-peer');
const reps = Number(args[args.indexOf('--reps') + 1] ?? 1) || 1;
const connections = 128;
const work = mkdtempSync(join(tmpdir(), 'vigil-bench-'));

if (!existsSync(join(kit, 'mock-openai.mjs'))) {
  console.error(`bench: the benchmark kit is missing at ${kit}`);
  process.exit(2);
}
if (!existsSync(join(root, 'dist/cli/main.js'))) {
  console.error('bench: dist/ is missing; run npm run build first');
  process.exit(2);
}

function run(command, commandArgs, options = {}) {
  return new Promise((done, fail) => {
    const child = spawn(command, commandArgs, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', fail);
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

async function freePort() {
  const probe = createServer();
  await new Promise((done) => probe.listen(0, '127.0.0.1', done));
  const { port } = probe.address();
  await new Promise((done) => probe.close(done));
  return port;
}

async function startEndpoint(latencyMs) {
  const port = await freePort();
  const child = spawn(process.execPath, [join(kit, 'mock-openai.mjs'), String(port)], {
    env: { ...process.env, LATENCY_MS: String(latencyMs) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((done, fail) => {
    const timer = setTimeout(() => fail(new Error('the fake endpoint did not start in 5 s')), 5000);
    child.stdout.once('data', () => {
      clearTimeout(timer);
      done();
    });
  });
  return { url: `http://127.0.0.1:${port}/v1`, stop: () => child.kill('SIGTERM') };
}

async function dataset(samples) {
  const out = join(work, `mcq-${samples}.jsonl`);
  const result = await run(
    process.execPath,
    [join(kit, 'gen-mcq-jsonl.mjs'), String(samples), '--out', out],
    { cwd: work },
  );
  return { path: out, samples, expectedCorrect: JSON.parse(result.stdout).expectedCorrect };
}

function timeField(text, name) {
  const line = text.split('\n').find((entry) => entry.includes(name));
  return line === undefined ? Number.NaN : line.split(': ').pop().trim();
}

function seconds(clock) {
  const parts = String(clock).split(':').map(Number);
  return parts.reduce((total, part) => total * 60 + part, 0);
}

async function vigilRun(data, latencyMs) {
  const endpoint = await startEndpoint(latencyMs);
  const logDir = join(work, `logs-${data.samples}-${latencyMs}-${Date.now()}`);
  try {
    const started = process.hrtime.bigint();
    const result = await run('/usr/bin/time', [
      '-v',
      process.execPath,
      join(root, 'bin/vigil.js'),
      'eval',
      data.path,
      '--scorer',
      'includes',
      '--model',
      'openai/mock-mcq-1',
      '--base-url',
      endpoint.url,
      '--max-connections',
      String(connections),
      '--log-dir',
      logDir,
      '--no-progress',
      '--json',
    ]);
    const wall = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.code !== 0)
      throw new Error(`vigil exited ${result.code}: ${result.stderr.slice(-500)}`);
    const outcome = JSON.parse(result.stdout);
    const accuracy = outcome.scorers[0].metrics.accuracy.value;
    const expected = data.expectedCorrect / data.samples;
    if (outcome.completedSamples !== data.samples || Math.abs(accuracy - expected) > 1e-12) {
      throw new Error(
        `wrong result: ${outcome.completedSamples} samples, accuracy ${accuracy}, expected ${expected}`,
      );
    }
    const cpu =
      Number(timeField(result.stderr, 'User time')) +
      Number(timeField(result.stderr, 'System time'));
    return {
      wall,
      cpu,
      rssMb: Number(timeField(result.stderr, 'Maximum resident set size')) / 1024,
      elapsed: seconds(timeField(result.stderr, 'Elapsed')),
    };
  } finally {
    endpoint.stop();
    rmSync(logDir, { recursive: true, force: true });
  }
}

function median(values) {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)];
}

async function measure(data, latencyMs) {
  const runs = [];
  for (let rep = 0; rep < reps; rep += 1) runs.push(await vigilRun(data, latencyMs));
  return {
    wall: median(runs.map((entry) => entry.wall)),
    cpu: median(runs.map((entry) => entry.cpu)),
    rssMb: Math.max(...runs.map((entry) => entry.rssMb)),
  };
}

async function peer() {
  const out = join(work, 'promptfoo');
  const result = await run('bash', [join(kit, 'run-promptfoo-bench.sh')], {
    env: {
      ...process.env,
      NS: '10000',
      JS: String(connections),
      LATS: '0 200',
      REPS: '1',
      REPS_LAT0: '1',
      VARIANTS: '0',
      OUT: out,
      PORT: String(await freePort()),
    },
  });
  const rawPath = join(out, 'raw.tsv');
  if (!existsSync(rawPath)) {
    console.error(
      `bench: the promptfoo run produced no results (exit ${result.code}); ${result.stderr.slice(-400)}`,
    );
    return undefined;
  }
  const [head, ...rows] = readFileSync(rawPath, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split('\t'));
  const column = (row, name) => row[head.indexOf(name)];
  const byLatency = {};
  for (const row of rows) {
    byLatency[column(row, 'lat_ms')] = {
      wall: Number(column(row, 'wall_s')),
      cpu: Number(column(row, 'user_s')) + Number(column(row, 'sys_s')),
      rssMb: Number(column(row, 'maxrss_kb')) / 1024,
    };
  }
  return byLatency;
}

const fixed = (value, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : 'n/a');

const small = await dataset(10_000);
console.log(
  `vigil bench:harness — node ${process.version}, ${reps} rep(s), ${connections} connections; work in ${work}`,
);
const zero = await measure(small, 0);
const latency = await measure(small, 200);
const large = quick ? undefined : await measure(await dataset(100_000), 0);
const promptfoo = withPeer && !quick ? await peer() : undefined;

const ideal = (small.samples * 0.2) / connections;
const rows = [
  [
    'workload',
    'vigil wall s',
    'samples/s',
    'cpu s',
    'peak RSS MB',
    'promptfoo wall s',
    'promptfoo RSS MB',
    'speed ratio',
  ],
  [
    '10,000 @ 0 ms',
    fixed(zero.wall, 2),
    fixed(small.samples / zero.wall, 0),
    fixed(zero.cpu, 2),
    fixed(zero.rssMb, 0),
    fixed(promptfoo?.['0']?.wall),
    fixed(promptfoo?.['0']?.rssMb, 0),
    promptfoo?.['0'] ? `${fixed(promptfoo['0'].wall / zero.wall)}×` : 'n/a',
  ],
  [
    '10,000 @ 200 ms',
    fixed(latency.wall, 2),
    fixed(small.samples / latency.wall, 0),
    fixed(latency.cpu, 2),
    fixed(latency.rssMb, 0),
    fixed(promptfoo?.['200']?.wall),
    fixed(promptfoo?.['200']?.rssMb, 0),
    promptfoo?.['200'] ? `${fixed(promptfoo['200'].wall / latency.wall)}×` : 'n/a',
  ],
];
if (large !== undefined)
  rows.push([
    '100,000 @ 0 ms',
    fixed(large.wall, 2),
    fixed(100_000 / large.wall, 0),
    fixed(large.cpu, 2),
    fixed(large.rssMb, 0),
    '',
    '',
    '',
  ]);
const widths = rows[0].map((_, index) => Math.max(...rows.map((row) => String(row[index]).length)));
for (const row of rows)
  console.log(row.map((cell, index) => String(cell).padEnd(widths[index])).join('  '));
console.log(
  `latency-bound ideal at 200 ms, ${connections} connections: ${fixed(ideal, 2)} s; vigil reached ${fixed((100 * ideal) / latency.wall, 0)}% of it`,
);
console.log(
  'targets: >= 2,500 samples/s at 0 ms; >= 90% of ideal at 200 ms; peak RSS <= 150 MB at 10,000 and <= 200 MB at 100,000',
);
rmSync(work, { recursive: true, force: true });
