import { scorerNames } from '../../core/scorers/scorer-spec.js';

export const evalHelp = `Usage: vigil eval <task | task.yaml | dataset.jsonl | dataset.csv>... --model <provider/model> [options]
       vigil eval --resume <log> [--retry-errors] [options]

Runs an evaluation and writes its log as samples finish. Several tasks run one after another,
each into its own log, and end with one report over all of them by category and difficulty,
e.g. vigil eval cyber.ctf cyber.vuln_discovery cyber.ot --model reference/scanner.

Model:
  -m, --model NAME          mock/echo, mock/scripted, openai/<model>, anthropic/<model>, or a
                            reference agent: reference/solution, reference/noop,
                            reference/scanner (required)
  -M KEY=VALUE              model argument, repeatable: script=FILE (mock/scripted);
                            base_url=URL, api_key=KEY, timeout_ms=N (openai, anthropic)
  --base-url URL            endpoint, e.g. http://127.0.0.1:8000/v1 (or OPENAI_BASE_URL,
                            ANTHROPIC_BASE_URL)
  --api-key KEY             prefer OPENAI_API_KEY / ANTHROPIC_API_KEY: a key here is visible to others
  --max-connections C       most model calls in flight at once (default 16); lowered for a
                            while when the endpoint throttles
  --max-retries N           retries of a failed call that may succeed later (default 6)
  --cache                   reuse identical earlier responses from the response cache
  --cache-dir DIR           where the cache lives (default .vigil/cache, or $VIGIL_CACHE_DIR)
  --cache-expiry AGE        how long entries stay valid, e.g. 12h, 7d (default 7d)

Run:
  --limit N                 run only the first N samples
  --epochs K                run each sample K times (overrides the task)
  --reducer NAME            combine epochs: mean, max, min, median, mode, pass_at_K, at_least_K
  --max-samples S           most samples in progress at once (default: max-connections)
  --seed S                  seed every sample's model calls, and generated suites' items,
                            reproducibly
  --scorer NAME             score with this scorer instead of the task's (${scorerNames.join(', ')})
  --grader-model NAME       model for the model_graded scorer
  --time-limit SECONDS      wall-clock limit per sample
  --fail-on-error X         stop when errored samples exceed X (a fraction < 1 or a count; default 0.1)
  --resume LOG              continue the run of LOG: its finished samples are copied, the rest run
  --retry-errors            with --resume, run the samples that errored again

Output:
  --log-dir DIR             where to write the log (default ./logs, or $VIGIL_LOG_DIR)
  --no-progress             no progress display
  --json                    print the result as JSON on stdout
  -h, --help                show this help

Exit codes: 0 success, 1 the evaluation failed, 2 bad usage or input, 130 cancelled.`;

export const evalFlagOptions = {
  model: { type: 'string', short: 'm' },
  M: { type: 'string', short: 'M', multiple: true },
  'base-url': { type: 'string' },
  'api-key': { type: 'string' },
  'max-connections': { type: 'string' },
  'max-retries': { type: 'string' },
  cache: { type: 'boolean' },
  'cache-dir': { type: 'string' },
  'cache-expiry': { type: 'string' },
  limit: { type: 'string' },
  epochs: { type: 'string' },
  reducer: { type: 'string' },
  'max-samples': { type: 'string' },
  seed: { type: 'string' },
  scorer: { type: 'string' },
  'grader-model': { type: 'string' },
  'time-limit': { type: 'string' },
  'fail-on-error': { type: 'string' },
  resume: { type: 'string' },
  'retry-errors': { type: 'boolean' },
  'log-dir': { type: 'string' },
  'no-progress': { type: 'boolean' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** The arguments of a run as stored in its log: secrets and resume flags removed. */
export function storableCommand(args: readonly string[]): string[] {
  const kept: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index] ?? '';
    if (arg === '--api-key' || arg === '--resume') {
      index += 1;
      continue;
    }
    if (arg.startsWith('--api-key=') || arg.startsWith('--resume=') || arg === '--retry-errors')
      continue;
    if ((arg === '-M' || arg === '--M') && /^api_key=/.test(args[index + 1] ?? '')) {
      index += 1;
      continue;
    }
    if (/^-M(=)?api_key=/.test(arg)) continue;
    kept.push(arg);
  }
  return kept;
}
