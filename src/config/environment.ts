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
