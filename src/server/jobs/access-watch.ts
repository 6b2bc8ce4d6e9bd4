/** Says why access has ended, or undefined while it lasts. */
export type AccessCheck = () => Promise<string | undefined>;

/** A signal that fires when the job stops or the submission's access ends. */
export interface AccessWatch {
  readonly signal: AbortSignal;
  /** Why access ended, once it has; undefined while it lasts or when the job itself stopped. */
  readonly reason: () => string | undefined;
  /** Checks now; true while access lasts. */
  readonly check: () => Promise<boolean>;
  /** Stops watching. */
  readonly stop: () => void;
}

/**
 * Watches a submission's access while a job runs against its model: a withdrawal, a release or
 * the window's end aborts the run in hand within `intervalMs`, not at the next task. A check
 * that fails (the store briefly unreachable) leaves the run going; the next check decides.
 */
export function watchAccess(
  parent: AbortSignal,
  access: AccessCheck,
  intervalMs: number,
): AccessWatch {
  const controller = new AbortController();
  let ended: string | undefined;
  const onParentAbort = () => {
    controller.abort(parent.reason);
  };
  if (parent.aborted) onParentAbort();
  else parent.addEventListener('abort', onParentAbort, { once: true });
  // A function, not the property itself: the signal can fire while `access()` is awaited.
  const aborted = () => controller.signal.aborted;
  const check = async (): Promise<boolean> => {
    if (aborted()) return false;
    const reason = await access();
    if (aborted()) return false;
    if (reason === undefined) return true;
    ended = reason;
    controller.abort(new Error(reason));
    return false;
  };
  const timer = setInterval(() => {
    check().catch(() => undefined);
  }, intervalMs);
  timer.unref();
  return {
    signal: controller.signal,
    reason: () => ended,
    check,
    stop: () => {
      clearInterval(timer);
      parent.removeEventListener('abort', onParentAbort);
    },
  };
}
