import { SampleLimitError } from '../errors/sample-limit-error.js';

/** A signal for one sample: aborts with the run, or when the sample's time limit passes. */
export interface SampleSignal {
  readonly signal: AbortSignal;
  /** The time limit passed (as opposed to the run being cancelled). */
  readonly timedOut: () => boolean;
  /** Removes the timer and the listener on the run's signal; call when the sample ends. */
  readonly dispose: () => void;
}

/** The samples listening to each run's signal, behind one listener per run. */
const subscribers = new WeakMap<AbortSignal, Set<() => void>>();

/**
 * Calls `onAbort` when `runSignal` aborts; returns the unsubscribe. One listener per run
 * signal however many samples run at once (a listener each set off Node's leak warning past
 * ten concurrent samples).
 */
function onRunAbort(runSignal: AbortSignal, onAbort: () => void): () => void {
  let set = subscribers.get(runSignal);
  if (set === undefined) {
    const created = new Set<() => void>();
    set = created;
    subscribers.set(runSignal, created);
    runSignal.addEventListener(
      'abort',
      () => {
        for (const subscriber of [...created]) subscriber();
        created.clear();
      },
      { once: true },
    );
  }
  set.add(onAbort);
  return () => set.delete(onAbort);
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
  const abortWithRun = () => {
    controller.abort(runSignal.reason);
  };
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new SampleLimitError('time', timeLimitSeconds));
  }, timeLimitSeconds * 1000);
  let unsubscribe: () => void = () => undefined;
  if (runSignal.aborted) abortWithRun();
  else unsubscribe = onRunAbort(runSignal, abortWithRun);
  return {
    signal: controller.signal,
    timedOut: () => timedOut,
    dispose: () => {
      clearTimeout(timer);
      unsubscribe();
    },
  };
}
