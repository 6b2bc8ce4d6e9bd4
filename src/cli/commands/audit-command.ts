import { readFile } from 'node:fs/promises';
import { auditPublicKey, type AuditPublicKey } from '../../audit/audit-signing-key.js';
import { verifyAuditTrail } from '../../audit/verify-audit-trail.js';
import { readServiceEnvironment } from '../../config/environment.js';
import { InputError } from '../../core/errors/input-error.js';
import { servicePaths, defaultDataDir } from '../../server/service-paths.js';
import { openStore } from '../../store/open-store.js';
import type { CliIo } from '../cli-io.js';
import { exitCodes } from '../exit-codes.js';
import { parseFlags } from '../parse-flags.js';

export const auditHelp = `Usage: vigil audit verify [--data-dir DIR] [--public-key FILE] [--json]

Verifies the programme's audit trail: every record's Ed25519 signature, its hash over its
content, its link to the record before, the sequence without gaps, and the signed head.
Exits 0 when the trail is intact, 1 naming the first bad record.

  --data-dir DIR     the service's data directory (default: VIGIL_DATA_DIR or ${defaultDataDir});
                     DATABASE_URL, when set, names a PostgreSQL server instead
  --public-key FILE  the audit public key to trust (default: the .pub file beside the signing
                     key, VIGIL_AUDIT_KEY_FILE or <data-dir>/keys/audit-signing.pem.pub)
  --json             print the verdict as JSON`;

async function readKey(path: string): Promise<AuditPublicKey | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  return auditPublicKey(text, path);
}

/** `vigil audit verify`. */
export async function auditCommand(args: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseFlags('audit', args, {
    'data-dir': { type: 'string' },
    'public-key': { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help === true) {
    io.stdout.write(`${auditHelp}\n`);
    return exitCodes.success;
  }
  if (positionals.length !== 1 || positionals[0] !== 'verify') {
    throw new InputError(`unknown audit command "${positionals.join(' ')}"`, {
      hint: 'use: vigil audit verify',
    });
  }
  const environment = readServiceEnvironment();
  const paths = servicePaths(values['data-dir'] ?? environment.dataDir ?? defaultDataDir, {
    auditKeyFile: environment.auditKeyFile,
  });
  const keyPath = values['public-key'] ?? `${paths.auditKeyFile}.pub`;
  const key = await readKey(keyPath);
  if (key === undefined && values['public-key'] !== undefined) {
    throw new InputError(`cannot read the public key ${keyPath}`, {
      hint: 'give the .pub file written beside the audit signing key',
    });
  }
  const store = await openStore({
    databaseUrl: environment.databaseUrl,
    dataDir: paths.store,
    migrate: false,
  });
  try {
    const verdict = await verifyAuditTrail(store, key === undefined ? {} : { trustedKeys: [key] });
    if (values.json === true) {
      io.stdout.write(`${JSON.stringify(verdict)}\n`);
    } else if (verdict.ok) {
      io.stdout.write(
        `audit trail intact: ${verdict.count} records, head ${verdict.head.sequence} ${verdict.head.hash.slice(0, 16)}…\n`,
      );
    } else {
      io.stdout.write(
        `audit trail BROKEN at record ${verdict.failure.sequence} (${verdict.failure.reason}): ${verdict.failure.message}; ${verdict.count} records before it verified\n`,
      );
    }
    if (key === undefined) {
      io.stderr.write(
        `vigil: warning: no public key at ${keyPath}; trusted the keys stored in the database, which proves nothing against someone who could write to it\n`,
      );
    }
    return verdict.ok ? exitCodes.success : exitCodes.failed;
  } finally {
    await store.close();
  }
}
