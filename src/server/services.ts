import type { AuditTrail } from '../audit/audit-trail.js';
import type { JobQueue } from '../queue/job-queue.js';
import type { SealedData } from '../sealed/sealed-data.js';
import type { Store } from '../store/store.js';
import type { AppOptions } from './app-options.js';
import type { LoginThrottle } from './auth/login-throttle.js';
import type { Clock } from './clock.js';
import type { TokenBuckets } from './middleware/token-bucket.js';

/** What every route may use: the ports the app was built over, its settings and its limiters. */
export interface Services {
  readonly store: Store;
  readonly audit: AuditTrail;
  readonly sealed: SealedData;
  readonly queue: JobQueue;
  readonly clock: Clock;
  readonly options: AppOptions;
  readonly loginThrottle: LoginThrottle;
  readonly rateLimits: TokenBuckets;
}
