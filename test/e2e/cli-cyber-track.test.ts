// The digital-infrastructure track from the command line, as its documentation runs it: the
// three suites in one `vigil eval`, every item inside the local sandbox (root, bubblewrap).
import { describe, expect, it } from 'vitest';
import { sandboxUnavailableReason } from '../sandbox/support.js';
import { runCli } from '../support/run-cli.js';
import { useTempDir } from '../support/temp-dir.js';

const reason = await sandboxUnavailableReason();
if (reason !== undefined) console.warn(`SKIPPED cyber track CLI tests: ${reason}`);

const track = ['cyber.ctf', 'cyber.vuln_discovery', 'cyber.ot'];

/** The "all" row of a printed report: samples and pass@1. */
function allRows(stdout: string): string[] {
  return stdout.split('\n').filter((line) => /^all\s+\d+\s+\d+\s/.test(line));
}

describe.skipIf(reason !== undefined)('vigil eval over the cyber track', () => {
  const dir = useTempDir('vigil-track-');

  it('reference/solution solves every item it runs; the report covers every category', async () => {
    const result = await runCli([
      'eval',
      ...track,
      '--model',
      'reference/solution',
      '--limit',
      '4',
      '--seed',
      '11',
      '--log-dir',
      dir.path,
      '--no-progress',
    ]);
    expect(result.stderr).not.toMatch(/Warning/);
    expect(result.code).toBe(0);
    for (const task of track)
      expect(result.stdout).toMatch(
        new RegExp(`^${task} · reference/solution · success · 4/4`, 'm'),
      );
    const together = result.stdout.slice(result.stdout.indexOf('all 3 tasks together'));
    expect(together).toMatch(/^ot\s+4\s+4\s+0\s+1\.000 /m);
    expect(together).toMatch(/^vuln\s+4\s+4\s+0\s+1\.000 /m);
    expect(together).toMatch(/^web\s+4\s+4\s+0\s+1\.000 /m);
    expect(allRows(together)[0]).toMatch(/^all\s+12\s+12\s+0\s+1\.000 /);
  });

  it('reference/noop gets nothing', async () => {
    const result = await runCli([
      'eval',
      ...track,
      '--model',
      'reference/noop',
      '--limit',
      '2',
      '--log-dir',
      dir.path,
      '--no-progress',
    ]);
    expect(result.code).toBe(0);
    const together = result.stdout.slice(result.stdout.indexOf('all 3 tasks together'));
    expect(allRows(together)[0]).toMatch(/^all\s+6\s+6\s+0\s+0\.000 /);
  });
});
