/** The settings Vigil takes from the environment; read in this one module, when asked. */
export interface Environment {
  /** Where eval logs go when `--log-dir` is not given (`VIGIL_LOG_DIR`). */
  readonly logDir: string | undefined;
  /** `NO_COLOR` is set: no ANSI colours in output. */
  readonly noColor: boolean;
}

/** Reads the environment; pass `env` to test. */
export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  return {
    logDir:
      env.VIGIL_LOG_DIR === undefined || env.VIGIL_LOG_DIR === '' ? undefined : env.VIGIL_LOG_DIR,
    noColor: env.NO_COLOR !== undefined && env.NO_COLOR !== '',
  };
}
