import { describe, expect, it } from 'vitest';
import { scoreOutput } from '../../../test/support/task-state-fixture.js';
import { ScorerError } from '../errors/scorer-error.js';
import { choice, parseAnswerLetter } from './choice.js';

const choices = ['Paris', 'London', 'Berlin', 'Madrid'];

describe('parseAnswerLetter', () => {
  it.each([
    ['ANSWER: B', 'B'],
    ['Reasoning...\nANSWER: (C)', 'C'],
    ['ANSWER: D) Madrid', 'D'],
    ['**ANSWER:** B', 'B'],
    ['**ANSWER: A**', 'A'],
    ['answer: c', 'C'],
    ['Answer: [B]', 'B'],
    ['B', 'B'],
    ['(c).', 'C'],
    [' **D** ', 'D'],
  ])('reads %j as %s', (output, letter) => {
    expect(parseAnswerLetter(output)).toBe(letter);
  });

  it('takes the last ANSWER line', () => {
    expect(parseAnswerLetter('ANSWER: A\nOn reflection, no.\nANSWER: C')).toBe('C');
  });

  it('finds nothing in prose or a word after ANSWER:', () => {
    expect(parseAnswerLetter('I think Paris is right')).toBeUndefined();
    expect(parseAnswerLetter('ANSWER: Because it is')).toBeUndefined();
    expect(parseAnswerLetter('')).toBeUndefined();
  });
});

describe('choice', () => {
  it('scores 1 for the target letter', async () => {
    const score = await scoreOutput(choice(), 'It is the capital.\nANSWER: A', {
      target: 'A',
      choices,
    });
    expect(score).toMatchObject({ value: 1, answer: 'A' });
  });

  it('uses the last of several ANSWER lines', async () => {
    const output = 'ANSWER: B\nWait, that is wrong.\nANSWER: A';
    expect(await scoreOutput(choice(), output, { target: 'B', choices })).toMatchObject({
      value: 0,
      answer: 'A',
    });
    expect(await scoreOutput(choice(), output, { target: 'A', choices })).toMatchObject({
      value: 1,
      answer: 'A',
    });
  });

  it('maps a full-text target to its letter', async () => {
    expect((await scoreOutput(choice(), 'ANSWER: C', { target: 'Berlin', choices })).value).toBe(1);
    expect((await scoreOutput(choice(), 'ANSWER: B', { target: 'Berlin', choices })).value).toBe(0);
  });

  it('accepts any of several target letters', async () => {
    expect((await scoreOutput(choice(), 'ANSWER: D', { target: ['B', 'D'], choices })).value).toBe(
      1,
    );
  });

  it('falls back to an output that is a lone letter', async () => {
    expect(await scoreOutput(choice(), '(B)', { target: 'B', choices })).toMatchObject({
      value: 1,
      answer: 'B',
    });
  });

  it('scores 0 with an explanation when no letter is found', async () => {
    const score = await scoreOutput(choice(), 'Paris, I believe.', { target: 'A', choices });
    expect(score).toEqual({ value: 0, explanation: 'no answer letter found' });
  });

  it('scores 0 for a letter beyond the choices', async () => {
    const score = await scoreOutput(choice(), 'ANSWER: E', { target: 'A', choices });
    expect(score).toMatchObject({ value: 0, answer: 'E' });
    expect(score.explanation).toContain('not one of the 4 choices (A-D)');
  });

  it('throws a ScorerError for a target that is neither a letter nor a choice', async () => {
    await expect(scoreOutput(choice(), 'ANSWER: A', { target: 'Rome', choices })).rejects.toThrow(
      ScorerError,
    );
    await expect(scoreOutput(choice(), 'ANSWER: A', { target: 'F', choices })).rejects.toThrow(
      'neither a choice letter',
    );
  });
});
