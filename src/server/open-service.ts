import { loadOrCreateAuditSigningKeyFile } from '../audit/audit-signing-key.js';
import { openAuditTrail, type AuditTrail } from '../audit/audit-trail.js';
import { createInProcessQueue } from '../queue/in-process-queue.js';
import type { JobQueue } from '../queue/job-queue.js';
import { startJobRunner, type JobRunner } from '../queue/job-runner.js';
import { loadOrCreateKekFile } from '../sealed/kek-file.js';
import { openSealedData } from '../sealed/open-sealed-data.js';
import type { SealedData } from '../sealed/sealed-data.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';
import { parseAppOptions, type AppOptions, type AppOptionsInput } from './app-options.js';
import { bootstrapProgramme, type BootstrapReport } from './bootstrap.js';
import { closeExpiredWindows } from './jobs/close-expired-windows.js';
import { systemClock, type Clock } from './clock.js';
import { createApp } from './create-app.js';
import { servicePaths } from './service-paths.js';
import { programmeData } from './data/programme-data.js';
import { defaultLoginThrottle } from './auth/login-throttle.js';
import { repositories } from '../store/repositories/repositories.js';
import type { Services } from './services.js';
import { batteryJobHandler } from './jobs/battery-job.js';
import { batteryJobKind } from './jobs/battery-job-kind.js';
import { builtinBatterySuites, type BatterySuites } from './jobs/battery-suites.js';
import { credentialModelResolver } from './jobs/credential-model.js';
import { createPostgresQueue } from '../queue/postgres-queue.js';
import type { SandboxProvider } from '../core/sandbox/sandbox-provider.js';
import { resolveBuiltinSuite, type ResolveTrackSuite } from './jobs/suite-catalogue.js';
import { trackEvaluationJobHandler } from './jobs/track-evaluation-job.js';
import { trackEvaluationJobKind } from './jobs/track-evaluation-job-kind.js';

/** How long an ended session's row is kept before the minute sweep deletes it. */
const sessionRetentionMs = 7 * 86_400_000;

/** Where the service keeps its state, and how it behaves. */
export interface ServiceSettings {
  /** The data directory: the embedded store, the keys and the run logs. */
  readonly dataDir: string;
  /** A PostgreSQL server instead of the embedded store. */
  readonly databaseUrl?: string | undefined;
  /** The key-encryption key file (default `<dataDir>/keys/sealed.key`). */
  readonly keyFile?: string | undefined;
  /** The audit signing key (default `<dataDir>/keys/audit-signing.pem`). */
  readonly auditKeyFile?: string | undefined;
  readonly options?: AppOptionsInput;
  readonly clock?: Clock;
  /** Run queued jobs in this process (default true). */
  readonly runJobs?: boolean;
  /** The battery's tasks (default: the `batterySuites` setting). */
  readonly suites?: BatterySuites;
  /** Starts sandboxed suites' episodes (default: local sandboxes, checked when first needed). */
  readonly sandboxes?: () => Promise<SandboxProvider>;
  /** Makes a track suite's task (default: the built-in suites). */
  readonly resolveSuite?: ResolveTrackSuite;
  /** The script `mock/scripted` answers from, when reference models are allowed. */
  readonly mockScript?: string;
  /** Told things the operator must know (a new key was created: back it up). Never secrets. */
  readonly notice?: (line: string) => void;
  /** Told about jobs that end and 500s, for the server's log. */
  readonly log?: (line: string) => void;
  /** Shown in the API reference. */
  readonly version?: string;
}

/** A running service: the app and everything under it. */
export interface RunningService {
  readonly app: ReturnType<typeof createApp>;
  readonly store: Store;
  readonly audit: AuditTrail;
  readonly sealed: SealedData;
  readonly queue: JobQueue;
  readonly runner: JobRunner | undefined;
  readonly options: AppOptions;
  readonly bootstrap: BootstrapReport;
  /** The ports and settings, for seeding and maintenance in the same process. */
  readonly services: Pick<Services, 'store' | 'audit' | 'sealed' | 'queue' | 'clock' | 'options'>;
  /** Stops the job runner and closes the store. */
  close(): Promise<void>;
}

/**
 * Opens the store (embedded in `<dataDir>/store`, or the server at `databaseUrl`), migrates it,
 * loads or creates the keys, bootstraps the programme and builds the app; starts the job runner.
 */
export async function openService(settings: ServiceSettings): Promise<RunningService> {
  const paths = servicePaths(settings.dataDir, {
    keyFile: settings.keyFile,
    auditKeyFile: settings.auditKeyFile,
  });
  const clock = settings.clock ?? systemClock;
  const now = () => clock.now();
  const options = parseAppOptions({ logDir: paths.logs, ...settings.options });
  const store = await openStore({
    databaseUrl: settings.databaseUrl,
    dataDir: paths.store,
  });
  let runner: JobRunner | undefined;
  try {
    const noticeOptions = settings.notice === undefined ? {} : { onCreated: settings.notice };
    const kek = await loadOrCreateKekFile(paths.keyFile, noticeOptions);
    const signingKey = await loadOrCreateAuditSigningKeyFile(paths.auditKeyFile, noticeOptions);
    const audit = await openAuditTrail(store, signingKey, { now });
    const sealed = await openSealedData(store, kek, { now });
    const queue =
      store.backend === 'postgres'
        ? createPostgresQueue(store, { now })
        : createInProcessQueue({ now });
    const bootstrap = await bootstrapProgramme(store, audit, {
      now: clock.now(),
      passwordHashCost: options.passwordHashCost,
    });
    const log = settings.log;
    const app = createApp({
      store,
      audit,
      sealed,
      queue,
      clock,
      options,
      ...(settings.version === undefined ? {} : { version: settings.version }),
      ...(log === undefined
        ? {}
        : {
            onInternalError: (requestId: string, error: unknown) => {
              log(
                `request ${requestId} failed: ${error instanceof Error ? error.message : 'unknown error'}`,
              );
            },
          }),
    });
    if (settings.runJobs !== false) {
      const sandboxes =
        settings.sandboxes ??
        (async () => (await import('../sandboxes/local/local-sandboxes.js')).localSandboxes());
      const resolveModel = credentialModelResolver({
        referenceModels: options.referenceModels,
        ...(settings.mockScript === undefined ? {} : { mockScript: settings.mockScript }),
      });
      runner = startJobRunner({
        queue,
        workerId: `${bootstrap.workerUserId}/${process.pid}`,
        handlers: {
          [batteryJobKind]: batteryJobHandler({
            services: { store, audit, sealed, clock },
            workerUserId: bootstrap.workerUserId,
            logDir: options.logDir,
            suites:
              settings.suites ?? builtinBatterySuites(options.batterySuites, options.batteryLimit),
            sandboxes,
            resolveModel,
          }),
          [trackEvaluationJobKind]: trackEvaluationJobHandler({
            services: { store, audit, sealed, clock },
            workerUserId: bootstrap.workerUserId,
            logDir: options.logDir,
            resolveModel,
            resolveSuite: settings.resolveSuite ?? resolveBuiltinSuite,
            sandboxes,
          }),
        },
        ...(log === undefined
          ? {}
          : {
              onJobEnd: (job) => {
                log(
                  `job ${job.id} (${job.kind}) ${job.status}${job.error === undefined ? '' : `: ${job.error}`}`,
                );
              },
            }),
      });
    }
    // Every minute: windows that reached their end are closed (credentials purged), sessions
    // that ended a week ago are deleted (sign-ins stay in the audit trail), and failed sign-ins
    // too old to slow anyone down are forgotten.
    const sweepWindows = () =>
      Promise.all([
        closeExpiredWindows(
          { store, audit, sealed, clock },
          {
            userId: bootstrap.workerUserId,
            source: `window sweep ${String(process.pid)}`,
            requestId: 'window-sweep',
          },
        ),
        programmeData(store.db).sessions.pruneEnded(
          new Date(clock.now().getTime() - sessionRetentionMs).toISOString(),
        ),
        repositories(store.db).signInFailures.prune(
          new Date(clock.now().getTime() - defaultLoginThrottle.forgetAfterMs).toISOString(),
        ),
      ]).catch((error: unknown) => {
        log?.(
          `the minute sweep failed: ${error instanceof Error ? error.message : 'unknown error'}`,
        );
      });
    const windowSweep =
      settings.runJobs === false ? undefined : setInterval(() => void sweepWindows(), 60_000);
    windowSweep?.unref();
    if (settings.runJobs !== false) await sweepWindows();
    return {
      app,
      store,
      audit,
      sealed,
      queue,
      runner,
      options,
      bootstrap,
      services: { store, audit, sealed, queue, clock, options },
      close: async () => {
        clearInterval(windowSweep);
        await runner?.stop();
        await store.close();
      },
    };
  } catch (error) {
    await runner?.stop();
    await store.close();
    throw error;
  }
}
