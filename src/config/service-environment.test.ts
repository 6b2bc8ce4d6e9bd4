import { describe, expect, it } from 'vitest';
import { readServiceEnvironment } from './environment.js';

describe('readServiceEnvironment', () => {
  it('reads the service variables and treats empty ones as unset', () => {
    expect(
      readServiceEnvironment({
        DATABASE_URL: 'postgres://vigil@db/vigil',
        VIGIL_DATA_DIR: '/var/lib/vigil',
        VIGIL_KEY_FILE: '/etc/vigil/kek',
        VIGIL_AUDIT_KEY_FILE: '',
      }),
    ).toStrictEqual({
      databaseUrl: 'postgres://vigil@db/vigil',
      dataDir: '/var/lib/vigil',
      keyFile: '/etc/vigil/kek',
      auditKeyFile: undefined,
    });
  });
});
