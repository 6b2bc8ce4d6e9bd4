/**
 * Idle workers waiting for work in this process: woken at once when a job is enqueued here, or
 * after their timeout (a job enqueued by another process is found at the next poll).
 */
export class Wakeups {
  readonly #waiters = new Set<() => void>();

  wait(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiters.delete(done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#waiters.add(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  wakeAll(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }
}
