import { expect, it } from 'vitest';
import { serveCommand } from '../../src/cli/commands/serve-command.js';
import type { CliIo } from '../../src/cli/cli-io.js';
import { useTempDir } from '../support/temp-dir.js';

/** A terminal the test reads, with a hook on each line written. */
function bufferedIo(
  onStdout: (all: string) => void,
): CliIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: {
      write: (text: string) => {
        out += text;
        onStdout(out);
        return true;
      },
    },
    stderr: {
      write: (text: string) => {
        err += text;
        return true;
      },
    },
    out: () => out,
    err: () => err,
  };
}

const dataDir = useTempDir('vigil-serve-');

it('vigil serve --demo listens on loopback, seeds the demo through the battery and a track evaluation, and answers over HTTP', async () => {
  const stop = new AbortController();
  let ready: (base: string) => void = () => undefined;
  const listening = new Promise<string>((resolve) => {
    ready = resolve;
  });
  const io = bufferedIo((all) => {
    const match = /Health\s+(http:\/\/127\.0\.0\.1:\d+)\/api\/health/.exec(all);
    if (match?.[1] !== undefined && all.includes('Ctrl-C stops the service.')) ready(match[1]);
  });
  const running = serveCommand(
    ['--port', '0', '--data-dir', dataDir.path, '--demo'],
    io,
    stop.signal,
  );
  const base = await Promise.race([
    listening,
    running.then(() => {
      throw new Error(`serve ended early:\n${io.out()}\n${io.err()}`);
    }),
  ]);
  try {
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
    expect(health.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(await health.json()).toMatchObject({ status: 'ok', store: 'pglite' });
    const docs = await fetch(`${base}/api/docs`);
    expect(docs.status).toBe(200);
    expect(await docs.text()).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)[a-z]/i);
    const output = io.out();
    expect(output).toMatch(/First security officer: admin \/ one-time password [a-z2-9-]{23}/);
    expect(output).toMatch(/developer_admin\s+dev-admin\s+[a-z2-9-]{23}/);
    expect(output).toMatch(/auditor\s+auditor\s+[a-z2-9-]{23}/);
    expect(output).toMatch(/battery: cyber\.knowledge\.accuracy 0\.700/);
    expect(output).toMatch(/battery: sealed\.cyber_demo\.accuracy \d\.\d{3}/);
    expect(output).toMatch(/determination: designate/);
    expect(output).toMatch(
      /track run cyber\.knowledge: succeeded \(cyber\.knowledge\.accuracy 0\.700\)/,
    );
    expect(output).toMatch(/track run sealed\.cyber_demo: succeeded/);
    expect(output).toMatch(/Demo submission sub-[0-9a-f-]+: window_open/);
    expect(io.err()).toMatch(/created a new key-encryption key/);
  } finally {
    stop.abort();
    expect(await running).toBe(0);
  }
}, 120_000);
