/** The settings Vigil takes from the environment; read in this one module, when asked. */
export interface Environment {
  /** Where eval logs go when `--log-dir` is not given (`VIGIL_LOG_DIR`). */
  readonly logDir: string | undefined;
  /** Where the response cache lives (`VIGIL_CACHE_DIR`). */
  readonly cacheDir: string | undefined;
  readonly openAiApiKey: string | undefined;
  readonly openAiBaseUrl: string | undefined;
  readonly anthropicApiKey: string | undefined;
  readonly anthropicBaseUrl: string | undefined;
  /** `NO_COLOR` is set: no ANSI colours in output. */
  readonly noColor: boolean;
  /** The terminal type, passed on to interactive sandbox shells. */
  readonly terminal: string | undefined;
}

function value(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const text = env[name];
  return text === undefined || text === '' ? undefined : text;
}

/** Reads the environment; pass `env` to test. */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  return {
    logDir: value(env, 'VIGIL_LOG_DIR'),
    cacheDir: value(env, 'VIGIL_CACHE_DIR'),
    openAiApiKey: value(env, 'OPENAI_API_KEY'),
    openAiBaseUrl: value(env, 'OPENAI_BASE_URL'),
    anthropicApiKey: value(env, 'ANTHROPIC_API_KEY'),
    anthropicBaseUrl: value(env, 'ANTHROPIC_BASE_URL'),
    noColor: value(env, 'NO_COLOR') !== undefined,
    terminal: value(env, 'TERM'),
  };
}

/** The programme service's settings from the environment (`vigil serve`, `vigil audit`). */
export interface ServiceEnvironment {
  /** A PostgreSQL server instead of the embedded store (`DATABASE_URL`). */
  readonly databaseUrl: string | undefined;
  /** Where the embedded store, keys and run logs live (`VIGIL_DATA_DIR`). */
  readonly dataDir: string | undefined;
  /** The key-encryption key file for sealed data (`VIGIL_KEY_FILE`). */
  readonly keyFile: string | undefined;
  /** The audit signing key file (`VIGIL_AUDIT_KEY_FILE`). */
  readonly auditKeyFile: string | undefined;
}

/** Reads the service's settings; pass `env` to test. */
export function readServiceEnvironment(env: NodeJS.ProcessEnv = process.env): ServiceEnvironment {
  return {
    databaseUrl: value(env, 'DATABASE_URL'),
    dataDir: value(env, 'VIGIL_DATA_DIR'),
    keyFile: value(env, 'VIGIL_KEY_FILE'),
    auditKeyFile: value(env, 'VIGIL_AUDIT_KEY_FILE'),
  };
}
