import { InputError } from '../../core/errors/input-error.js';
import { summarizeLog } from '../../log-files/summarize-log.js';
import type { CliIo } from '../cli-io.js';
import { exitCodes } from '../exit-codes.js';
import { formatScorerMetrics } from '../format-results.js';
import { parseFlags } from '../parse-flags.js';

export const logHelp = `Usage: vigil log show <log> [--json]

Reads an eval log back and prints its task, model, status and metrics. A log whose run
crashed shows status "incomplete" with metrics recomputed from the samples it holds.

Options:
  --json      print the summary as JSON (metrics by scorer, with intervals)`;

/** `vigil log show`. */
export async function logCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('log', args, {
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) {
    io.stdout.write(`${logHelp}\n`);
    return exitCodes.success;
  }
  const [action, path, ...rest] = positionals;
  if (action !== 'show' || path === undefined || rest.length > 0) {
    throw new InputError('expected: vigil log show <log>', { hint: 'see vigil log --help' });
  }
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
  return exitCodes.success;
}
