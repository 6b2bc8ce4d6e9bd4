import { describe, expect, it } from 'vitest';
import { fakeGenerate, freshState, noModel } from '../../../test/support/solver-fixtures.js';
import { chain } from './chain.js';
import { generate } from './generate.js';
import type { Solver } from './solver.js';

describe('chain', () => {
  /** A solver that appends `label` as a user message. */
  const append =
    (label: string): Solver =>
    (state) =>
      Promise.resolve({
        ...state,
        messages: [...state.messages, { role: 'user', content: label }],
      });
  const complete: Solver = (state) => Promise.resolve({ ...state, completed: true });

  it('runs solvers in order, each on the state the previous returned', async () => {
    const { callModel } = fakeGenerate();
    const result = await chain(
      append('a'),
      append('b'),
      generate(),
      append('c'),
    )(freshState('P'), callModel);
    expect(result.messages.map((message) => message.content)).toEqual([
      'P',
      'a',
      'b',
      'reply #1',
      'c',
    ]);
  });

  it('stops once a solver marks the state completed', async () => {
    const { callModel, calls } = fakeGenerate();
    const result = await chain(
      append('a'),
      complete,
      append('b'),
      generate(),
    )(freshState('P'), callModel);
    expect(result.completed).toBe(true);
    expect(result.messages.map((message) => message.content)).toEqual(['P', 'a']);
    expect(calls).toHaveLength(0);
  });

  it('runs nothing on a state that is already completed', async () => {
    const state = { ...freshState('P'), completed: true };
    const result = await chain(append('a'), generate())(state, noModel);
    expect(result).toBe(state);
  });

  it('returns the input state for an empty chain', async () => {
    const state = freshState('P');
    expect(await chain()(state, noModel)).toBe(state);
  });
});
