import type { Migration, MigrationProvider } from 'kysely';
import * as sealedDataAndAudit from './0001-sealed-data-and-audit.js';
import * as peopleAndAccess from './0002-people-and-access.js';
import * as submissionsAndDesignation from './0003-submissions-and-designation.js';
import * as jobs from './0004-jobs.js';
import * as submissionMarkings from './0005-submission-markings.js';
import * as signInAndAccessGrants from './0006-sign-in-and-access-grants.js';
import * as sessionStage from './0007-session-stage.js';
import * as runProvenance from './0008-run-provenance.js';
import * as dropServiceDocuments from './0009-drop-service-documents.js';
import * as windowCapOnEvents from './0010-window-cap-on-events.js';
import * as sealedBenchmarks from './0011-sealed-benchmarks.js';
import * as signInFailures from './0012-sign-in-failures.js';

/**
 * Every migration, by name, in order. Listed in code rather than read from a folder, so a
 * bundled or installed build migrates without touching the file system. Names sort in order.
 */
export const migrations: Readonly<Record<string, Migration>> = {
  '0001-sealed-data-and-audit': sealedDataAndAudit,
  '0002-people-and-access': peopleAndAccess,
  '0003-submissions-and-designation': submissionsAndDesignation,
  '0004-jobs': jobs,
  '0005-submission-markings': submissionMarkings,
  '0006-sign-in-and-access-grants': signInAndAccessGrants,
  '0007-session-stage': sessionStage,
  '0008-run-provenance': runProvenance,
  '0009-drop-service-documents': dropServiceDocuments,
  '0010-window-cap-on-events': windowCapOnEvents,
  '0011-sealed-benchmarks': sealedBenchmarks,
  '0012-sign-in-failures': signInFailures,
};

/** The provider Kysely's Migrator reads. */
export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve({ ...migrations }),
};

/** The newest migration's name: the schema version this build expects. */
export const latestSchemaVersion: string = Object.keys(migrations).sort().at(-1) ?? '';
