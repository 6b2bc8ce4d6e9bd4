import { VigilError } from '../../core/errors/vigil-error.js';

/**
 * Thrown by a job handler for a failure that every attempt would hit (a revoked grant, a purged
 * credential, a withdrawn submission): the runner fails the job at once instead of retrying.
 */
export class UnrecoverableJobError extends VigilError {}
