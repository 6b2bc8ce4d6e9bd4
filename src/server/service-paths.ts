import { join, resolve } from 'node:path';

/** Where a data directory keeps each thing. */
export interface ServicePaths {
  readonly dataDir: string;
  /** The embedded store (PGlite). */
  readonly store: string;
  /** The key-encryption key of sealed data. */
  readonly keyFile: string;
  /** The audit signing key; its public key is beside it with `.pub`. */
  readonly auditKeyFile: string;
  /** Run logs. */
  readonly logs: string;
}

/** The default data directory: `.vigil/data` under the working directory. */
export const defaultDataDir = join('.vigil', 'data');

/** The paths under `dataDir`; key files may be placed elsewhere by setting. */
export function servicePaths(
  dataDir: string,
  overrides: {
    readonly keyFile?: string | undefined;
    readonly auditKeyFile?: string | undefined;
  } = {},
): ServicePaths {
  const root = resolve(dataDir);
  return {
    dataDir: root,
    store: join(root, 'store'),
    keyFile: overrides.keyFile ?? join(root, 'keys', 'sealed.key'),
    auditKeyFile: overrides.auditKeyFile ?? join(root, 'keys', 'audit-signing.pem'),
    logs: join(root, 'logs'),
  };
}
