import { rename, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { loadOrCreateAuditSigningKeyFile } from '../../audit/audit-signing-key.js';
import { openAuditTrail } from '../../audit/audit-trail.js';
import { readServiceEnvironment } from '../../config/environment.js';
import { InputError } from '../../core/errors/input-error.js';
import { generateKek, kekFromBase64, kekToBase64 } from '../../sealed/key-encryption-key.js';
import { rotateKek } from '../../sealed/rotate-kek.js';
import { createSecretFile, readSecretFile } from '../../sealed/secret-file.js';
import { defaultDataDir, servicePaths } from '../../server/service-paths.js';
import { openStore } from '../../store/open-store.js';
import type { CliIo } from '../cli-io.js';
import { exitCodes } from '../exit-codes.js';
import { parseFlags } from '../parse-flags.js';

export const keysHelp = `Usage: vigil keys rotate [--data-dir DIR]

Rotates the key-encryption key of sealed data: a new key is generated, every data key is
re-wrapped under it in one transaction (the data itself is not re-encrypted), the key file is
replaced and the old key destroyed, and the rotation is recorded in the audit trail. Copies of
the database taken before the rotation can then no longer be opened. Stop the service first.

  --data-dir DIR   the service's data directory (default: VIGIL_DATA_DIR or ${defaultDataDir});
                   DATABASE_URL, when set, names a PostgreSQL server instead

The new key is written beside the old one as <key file>.next before the database changes; if
the command is interrupted after the database changed, that file holds the key in use: move
it over the key file.`;

/** `vigil keys rotate`. */
export async function keysCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('keys', args, {
    'data-dir': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) {
    io.stdout.write(`${keysHelp}\n`);
    return exitCodes.success;
  }
  if (positionals.length !== 1 || positionals[0] !== 'rotate') {
    throw new InputError(`unknown keys command "${positionals.join(' ')}"`, {
      hint: 'use: vigil keys rotate',
    });
  }
  const environment = readServiceEnvironment();
  const paths = servicePaths(values['data-dir'] ?? environment.dataDir ?? defaultDataDir, {
    keyFile: environment.keyFile,
    auditKeyFile: environment.auditKeyFile,
  });
  const current = await readSecretFile(paths.keyFile);
  if (current === undefined) {
    throw new InputError(`there is no key file at ${paths.keyFile}`, {
      hint: 'give the data directory of a service that has run (--data-dir), or set VIGIL_KEY_FILE',
    });
  }
  const from = kekFromBase64(current, paths.keyFile);
  const to = generateKek();
  const next = `${paths.keyFile}.next`;
  if (!(await createSecretFile(next, `${kekToBase64(to)}\n`))) {
    throw new InputError(`${next} exists: an earlier rotation was interrupted`, {
      hint: `if the service cannot open its sealed data with ${paths.keyFile}, move ${next} over it; otherwise delete ${next} and rotate again`,
    });
  }
  const store = await openStore({ databaseUrl: environment.databaseUrl, dataDir: paths.store });
  try {
    let rotation;
    try {
      rotation = await rotateKek(store, from, to);
    } catch (error) {
      await rm(next, { force: true }); // nothing changed: the old key stays the key
      throw error;
    }
    await rename(next, paths.keyFile); // atomic: the old key is gone with this
    const audit = await openAuditTrail(
      store,
      await loadOrCreateAuditSigningKeyFile(paths.auditKeyFile),
    );
    await audit.append({
      actor: 'system',
      action: 'keys.rotate',
      source: `vigil keys rotate ${String(process.pid)}@${hostname()}`,
      outcome: 'ok',
      details: { from: rotation.from, to: rotation.to, rewrapped: rotation.rewrapped },
    });
    io.stdout.write(
      `rotated the key-encryption key ${rotation.from} → ${rotation.to}: ${String(rotation.rewrapped)} data keys re-wrapped; ${paths.keyFile} holds the new key (back it up), the old one is destroyed\n`,
    );
    return exitCodes.success;
  } finally {
    await store.close();
  }
}
