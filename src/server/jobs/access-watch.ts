/** Says why access has ended, or undefined while it lasts. */
export type AccessCheck = () => Promise<string | undefined>;

/** A signal that fires when the job stops or the submission's access ends. */
export interface AccessWatch {
  readonly signal: AbortSignal;
  /** Why access ended, once it has; undefined while it lasts or when the job itself stopped. */
  reason(): string | undefined;
  /** Checks now; true while access lasts. */
  check(): Promise<boolean>;
  /** Stops watching. */
  stop(): void;
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
  const check = async (): Promise<boolean> => {
    if (controller.signal.aborted) return false;
    const reason = await access();
    if (reason !== undefined && !controller.signal.aborted) {
      ended = reason;
      controller.abort(new Error(reason));
    }
    return reason === undefined && !controller.signal.aborted;
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
