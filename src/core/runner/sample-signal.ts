import { SampleLimitError } from '../errors/sample-limit-error.js';

/** A signal for one sample: aborts with the run, or when the sample's time limit passes. */
export interface SampleSignal {
  readonly signal: AbortSignal;
  /** The time limit passed (as opposed to the run being cancelled). */
  readonly timedOut: () => boolean;
  /** Removes the timer and the listener on the run's signal; call when the sample ends. */
  readonly dispose: () => void;
}

/**
 * Links a sample to the run without `AbortSignal.any`, whose dependants Node 20 keeps alive
 * for as long as the run's signal lives; this one lets go when the sample ends.
 */
export function sampleSignal(
  runSignal: AbortSignal,
  timeLimitSeconds: number | undefined,
): SampleSignal {
  if (timeLimitSeconds === undefined)
    return { signal: runSignal, timedOut: () => false, dispose: () => undefined };
  const controller = new AbortController();
  let timedOut = false;
  const onRunAbort = () => {
    controller.abort(runSignal.reason);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new SampleLimitError('time', timeLimitSeconds));
  }, timeLimitSeconds * 1000);
  if (runSignal.aborted) onRunAbort();
  else runSignal.addEventListener('abort', onRunAbort, { once: true });
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose: () => {
      clearTimeout(timer);
      runSignal.removeEventListener('abort', onRunAbort);
    },
  };
}
