import { VigilError } from '../../core/errors/vigil-error.js';

/**
 * An embedded data directory is already open in another process (or in this one). PGlite has no
 * lock of its own, and two instances over one directory corrupt it.
 */
export class StoreLockedError extends VigilError {
  readonly dataDir: string;
  /** The process holding the lock, when its lock file says. */
  readonly ownerPid: number | undefined;

  constructor(dataDir: string, ownerPid?: number) {
    const owner = ownerPid === undefined ? 'another process' : `process ${ownerPid}`;
    super(`the data directory ${dataDir} is in use by ${owner}`, {
      hint:
        'stop that process first, or run several processes against a PostgreSQL server ' +
        '(DATABASE_URL) instead of the embedded store',
    });
    this.dataDir = dataDir;
    this.ownerPid = ownerPid;
  }
}
