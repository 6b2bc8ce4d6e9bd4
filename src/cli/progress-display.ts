import type { RunProgress } from '../core/runner/run-progress.js';

/** Shows a run's progress: one rewritten line on a terminal, a plain line now and then elsewhere. */
export class ProgressDisplay {
  readonly #out: { write(text: string): unknown };
  readonly #isTerminal: boolean;
  readonly #intervalMs: number;
  #lastShown = -Infinity;
  #latest: RunProgress | undefined;

  constructor(out: { write(text: string): unknown; readonly isTTY?: boolean }) {
    this.#out = out;
    this.#isTerminal = out.isTTY === true;
    this.#intervalMs = this.#isTerminal ? 100 : 10_000;
  }

  update(progress: RunProgress): void {
    this.#latest = progress;
    if (
      progress.elapsedMs - this.#lastShown < this.#intervalMs &&
      progress.completed < progress.planned
    )
      return;
    this.#lastShown = progress.elapsedMs;
    this.#show(progress);
  }

  /** Ends the progress line so the summary starts on its own line. */
  finish(): void {
    if (this.#isTerminal && this.#latest !== undefined) this.#out.write('\n');
  }

  #show(progress: RunProgress): void {
    const line = describeProgress(progress);
    if (this.#isTerminal) this.#out.write(`\r\u001b[2K${line}`);
    else this.#out.write(`${line}\n`);
  }
}

function duration(ms: number): string {
  if (!Number.isFinite(ms)) return '?';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  return minutes < 60
    ? `${minutes}m${String(seconds % 60).padStart(2, '0')}s`
    : `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`;
}

/** `120/1000 samples  40.1/s  ETA 22s  errors 0  tokens 12,345`. */
export function describeProgress(progress: RunProgress): string {
  const rate = progress.elapsedMs > 0 ? (progress.completed * 1000) / progress.elapsedMs : 0;
  const remaining = progress.planned - progress.completed;
  const eta = rate > 0 ? (remaining / rate) * 1000 : Infinity;
  return [
    `${progress.completed}/${progress.planned} samples`,
    `${rate.toFixed(1)}/s`,
    `ETA ${remaining === 0 ? '0s' : duration(eta)}`,
    `errors ${progress.errored}`,
    `tokens ${progress.totalTokens.toLocaleString('en-US')}`,
  ].join('  ');
}
