/**
 * The part of PGlite the store uses, declared structurally so the dialect depends on behaviour,
 * not on a class (tests can hand in a wrapped instance; a PGlite upgrade that keeps these
 * members needs no change here).
 */
export interface PGliteLike {
  readonly closed: boolean;
  readonly waitReady: Promise<void>;
  query<T>(
    sql: string,
    params?: unknown[],
    options?: { rowMode?: 'object'; parsers?: Record<number, (text: string) => unknown> },
  ): Promise<PGliteResultsLike<T>>;
  close(): Promise<void>;
}

/** What a PGlite query returns, as far as the dialect reads it. */
export interface PGliteResultsLike<T> {
  readonly rows: T[];
  /** Rows changed by an INSERT, UPDATE, DELETE or MERGE. */
  readonly affectedRows?: number;
  /** The command tag: `SELECT`, `INSERT`, `COMMIT`, `ROLLBACK`, ... */
  readonly command?: string;
}
