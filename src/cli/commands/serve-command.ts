import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { readBuildInfo, vigilRoot } from '../../config/build-info.js';
import { readServiceEnvironment } from '../../config/environment.js';
import { InputError } from '../../core/errors/input-error.js';
import { seedDemoProgramme } from '../../server/demo/seed-demo.js';
import { openService } from '../../server/open-service.js';
import { defaultDataDir } from '../../server/service-paths.js';
import type { CliIo } from '../cli-io.js';
import { exitCodes } from '../exit-codes.js';
import { integerFlag, parseFlags } from '../parse-flags.js';

export const serveHelp = `Usage: vigil serve [--port N] [--host 127.0.0.1] [--data-dir DIR] [--origin URL]...
                   [--battery SUITES] [--demo]

Runs the programme service: the HTTP API under /api, its reference at /api/docs, and the job
runner. The store is embedded (PGlite) in the data directory unless DATABASE_URL names a
PostgreSQL server. Keys are created in <data-dir>/keys on first start: back them up.

  --port N         the port (default 8420; 0 picks a free one)
  --host ADDRESS   the address to listen on (default 127.0.0.1, this machine only)
  --data-dir DIR   the data directory (default: VIGIL_DATA_DIR or ${defaultDataDir})
  --origin URL     an origin browsers may send changes from, e.g. https://vigil.example when
                   a TLS proxy fronts the service (repeatable; default: the request's own)
  --battery SUITES the designation battery's built-in suites, comma-separated (default
                   cyber.knowledge; cyber.ctf, cyber.vuln_discovery and cyber.ot need
                   sandboxes); sealed benchmark item sets marked for the battery join them
  --demo           seed a demo programme: agencies, a developer, one user per role with
                   one-time passwords, and a submission of a reference model through the
                   designation battery (built-in reference models only; no network)`;

function listen(
  app: { fetch: (request: Request) => Response | Promise<Response> },
  port: number,
  host: string,
) {
  return new Promise<ServerType>((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname: host });
    server.once('listening', () => {
      resolve(server);
    });
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new InputError(`port ${port} on ${host} is in use`, {
              hint: 'choose another with --port',
            })
          : error,
      );
    });
  });
}

/** `vigil serve`: until Ctrl-C. */
export async function serveCommand(
  args: readonly string[],
  io: CliIo,
  signal: AbortSignal,
): Promise<number> {
  const { values, positionals } = parseFlags('serve', args, {
    port: { type: 'string' },
    host: { type: 'string' },
    'data-dir': { type: 'string' },
    demo: { type: 'boolean' },
    origin: { type: 'string', multiple: true },
    battery: { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) {
    io.stdout.write(`${serveHelp}\n`);
    return exitCodes.success;
  }
  if (positionals.length > 0) {
    throw new InputError(`serve takes no arguments, got "${positionals.join(' ')}"`, {
      hint: 'see vigil serve --help',
    });
  }
  const port = integerFlag('port', values.port, 0, 65_535) ?? 8420;
  const host = values.host ?? '127.0.0.1';
  const environment = readServiceEnvironment();
  const demo = values.demo === true;
  const service = await openService({
    dataDir: values['data-dir'] ?? environment.dataDir ?? defaultDataDir,
    databaseUrl: environment.databaseUrl,
    keyFile: environment.keyFile,
    auditKeyFile: environment.auditKeyFile,
    version: (await readBuildInfo()).version,
    options: {
      ...(demo ? { referenceModels: true, batteryLimit: 20 } : {}),
      ...(values.origin === undefined ? {} : { allowedOrigins: values.origin }),
      ...(values.battery === undefined
        ? {}
        : { batterySuites: values.battery.split(',').map((name) => name.trim()) }),
    },
    mockScript: `${vigilRoot()}examples/cyber-knowledge-answers.yaml`,
    notice: (line) => io.stderr.write(`vigil: ${line}\n`),
    log: (line) => io.stderr.write(`vigil: ${line}\n`),
  });
  let server: ServerType | undefined;
  try {
    server = await listen(service.app, port, host);
    const address = server.address() as AddressInfo;
    const base = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;
    io.stdout.write(
      `vigil serve: store ${service.store.location}\n` +
        `  API        ${base}/api\n` +
        `  Reference  ${base}/api/docs\n` +
        `  Health     ${base}/api/health\n`,
    );
    if (host !== '127.0.0.1' && host !== '::1' && host !== 'localhost') {
      io.stderr.write(
        'vigil: warning: listening beyond this machine; put it behind HTTPS (session cookies are Secure)\n',
      );
    }
    const admin = service.bootstrap.firstAdmin;
    if (admin !== undefined) {
      io.stdout.write(
        `First security officer: ${admin.username} / one-time password ${admin.oneTimePassword}\n` +
          '  (shown once: sign in, choose a password and enrol an authenticator)\n',
      );
    }
    if (demo) await seedDemoProgramme(service, io, signal);
    io.stdout.write('Ctrl-C stops the service.\n');
    await new Promise<void>((resolve) => {
      if (signal.aborted) resolve();
      signal.addEventListener('abort', () => {
        resolve();
      });
    });
    return exitCodes.success;
  } finally {
    await new Promise<void>((resolve) => {
      if (server === undefined) resolve();
      else
        server.close(() => {
          resolve();
        });
    });
    await service.close();
  }
}
