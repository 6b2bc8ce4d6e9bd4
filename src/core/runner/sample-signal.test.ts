import { describe, expect, it } from 'vitest';
import { sampleSignal } from './sample-signal.js';

/** How many 'abort' listeners a signal holds, counted by wrapping addEventListener. */
function countingSignal() {
  const controller = new AbortController();
  let listeners = 0;
  const add = controller.signal.addEventListener.bind(controller.signal);
  controller.signal.addEventListener = (...args: Parameters<typeof add>) => {
    listeners += 1;
    add(...args);
  };
  return { controller, listeners: () => listeners };
}

describe('sampleSignal', () => {
  it('puts one listener on the run signal however many samples run, and aborts them all', () => {
    const run = countingSignal();
    const samples = Array.from({ length: 50 }, () => sampleSignal(run.controller.signal, 60));
    expect(run.listeners()).toBe(1);
    run.controller.abort(new Error('cancelled'));
    expect(samples.every((sample) => sample.signal.aborted)).toBe(true);
    expect(samples.some((sample) => sample.timedOut())).toBe(false);
    for (const sample of samples) sample.dispose();
  });

  it('a disposed sample is no longer aborted by the run', () => {
    const run = new AbortController();
    const done = sampleSignal(run.signal, 60);
    const live = sampleSignal(run.signal, 60);
    done.dispose();
    run.abort(new Error('cancelled'));
    expect(done.signal.aborted).toBe(false);
    expect(live.signal.aborted).toBe(true);
    live.dispose();
  });

  it('aborts at once when the run is already cancelled, and on its own time limit', async () => {
    const run = new AbortController();
    run.abort(new Error('cancelled'));
    expect(sampleSignal(run.signal, 60).signal.aborted).toBe(true);
    const limited = sampleSignal(new AbortController().signal, 0.01);
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(limited.signal.aborted).toBe(true);
    expect(limited.timedOut()).toBe(true);
  });
});
