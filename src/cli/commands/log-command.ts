import { InputError } from '../../core/errors/input-error.js';
import { summarizeLog } from '../../log-files/summarize-log.js';
import type { CliIo } from '../cli-io.js';
import { exitCodes } from '../exit-codes.js';
import { formatScorerMetrics } from '../format-results.js';
import { parseFlags } from '../parse-flags.js';
import { breakdownLog } from '../../log-files/breakdown-log.js';
import { breakdownOptions, printBreakdown } from './log-breakdown.js';
import { logExport, logImport } from './log-interop.js';

export const logHelp = `Usage: vigil log show <log> [--json] [--by KEY] [--token-prices IN,OUT]
       vigil log export --format inspect <log> [-o <out.eval>]
       vigil log import <file.eval> [-o <out.vigil.jsonl>]

show     Reads an eval log back and prints its task, model, status and metrics. A log
         whose run crashed shows status "incomplete" with metrics recomputed from the
         samples it holds. With --by KEY it also prints, per value of that sample
         metadata key (category, difficulty, ...): pass@1, pass@k over the run's
         epochs, subtask completion and tokens (and cost) per success, each with a
         95% interval, and n.
export   Writes the log as an Inspect (UK AISI) .eval log. Default output: the log's name
         with .eval, in the current folder. A log without a footer exports with status
         "started".
import   Reads an Inspect .eval log (stored, deflate or zstd members) into a Vigil log;
         metrics are recomputed by Vigil. Default output: the file's name with
         .vigil.jsonl, in the current folder.

export and import never overwrite a file. See docs/inspect-interop.md for what maps how.

Options:
  --json            show: print the summary as JSON (metrics by scorer, with intervals)
  --by KEY          show: results per value of a sample metadata key (category, difficulty)
  --token-prices IN,OUT
                    show --by: prices per million input and output tokens, for cost per success
  --format <name>   export: the format to write; inspect (the default and only one)
  -o, --output <f>  export, import: where to write`;

const usage = {
  show: 'vigil log show <log> [--json] [--by KEY] [--token-prices IN,OUT]',
  export: 'vigil log export --format inspect <log> [-o <out.eval>]',
  import: 'vigil log import <file.eval> [-o <out.vigil.jsonl>]',
} as const;

function refuse(action: keyof typeof usage, flag: string): never {
  throw new InputError(`${flag} does not apply to vigil log ${action}`, {
    hint: `expected: ${usage[action]}`,
  });
}

/** `vigil log show | export | import`. */
export async function logCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('log', args, {
    json: { type: 'boolean' },
    by: { type: 'string', multiple: true },
    'token-prices': { type: 'string' },
    format: { type: 'string' },
    output: { type: 'string', short: 'o' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) {
    io.stdout.write(`${logHelp}\n`);
    return exitCodes.success;
  }
  const [action, path, ...rest] = positionals;
  if (action !== 'show' && action !== 'export' && action !== 'import') {
    throw new InputError(
      action === undefined ? 'expected an action' : `unknown action "${action}"`,
      { hint: `use ${Object.values(usage).join(', or ')}` },
    );
  }
  if (path === undefined || rest.length > 0) {
    throw new InputError(`expected: ${usage[action]}`, { hint: 'see vigil log --help' });
  }
  if (action !== 'show' && values.json === true) refuse(action, '--json');
  if (action !== 'show' && values.by !== undefined) refuse(action, '--by');
  if (action !== 'show' && values['token-prices'] !== undefined) refuse(action, '--token-prices');
  if (action !== 'export' && values.format !== undefined) refuse(action, '--format');
  if (action === 'export')
    return logExport(path, { format: values.format, output: values.output }, io);
  if (action === 'import') return logImport(path, { output: values.output }, io);
  if (values.output !== undefined) refuse(action, '--output');
  const report = breakdownOptions(values.by, values['token-prices']);
  const summary = await summarizeLog(path);
  const { header } = summary;
  if (values.json === true) {
    io.stdout.write(
      `${JSON.stringify({
        path: summary.path,
        runId: header.runId,
        task: header.task.name,
        model: header.model.name,
        createdAt: header.createdAt,
        status: summary.status,
        plannedSamples: header.plannedSamples,
        samples: summary.samples,
        erroredSamples: summary.erroredSamples,
        truncated: summary.truncated,
        usage: summary.footer?.usage,
        metrics: Object.fromEntries(summary.scorers.map((scorer) => [scorer.scorer, scorer])),
        vigil: header.vigil,
        ...(report === undefined ? {} : { breakdown: await breakdownLog(path, report) }),
      })}\n`,
    );
    return exitCodes.success;
  }
  io.stdout.write(
    `${header.task.name} · ${header.model.name} · ${summary.status} · ${summary.samples}/${header.plannedSamples} samples, ${summary.erroredSamples} errors\n`,
  );
  io.stdout.write(
    `run ${header.runId} started ${header.createdAt}, vigil ${header.vigil.version}${header.vigil.gitRevision === undefined ? '' : ` (${header.vigil.gitRevision.slice(0, 12)})`}\n`,
  );
  for (const line of formatScorerMetrics(summary.scorers)) io.stdout.write(`${line}\n`);
  if (summary.footer?.error !== undefined)
    io.stdout.write(`error: ${summary.footer.error.message}\n`);
  if (summary.truncated)
    io.stdout.write('note: the last line was cut off by a crash; every whole sample was read\n');
  if (report !== undefined) await printBreakdown(path, report, io);
  return exitCodes.success;
}
