import { describe, expect, it } from 'vitest';
import { inputError } from '../../../test/support/errors.js';
import { freshState, noModel } from '../../../test/support/solver-fixtures.js';
import { userMessage } from './user-message.js';

describe('userMessage', () => {
  it('appends a filled-in user message', async () => {
    const state = freshState('P', {
      metadata: { lang: 'French' },
      messages: [
        { role: 'user', content: 'P' },
        { role: 'assistant', content: 'answer' },
      ],
    });
    const result = await userMessage('Now say "{prompt}" in {lang}.')(state, noModel);
    expect(result.messages).toEqual([
      { role: 'user', content: 'P' },
      { role: 'assistant', content: 'answer' },
      { role: 'user', content: 'Now say "P" in French.' },
    ]);
  });

  it('throws an InputError for an unknown placeholder', async () => {
    const error = await inputError(() => userMessage('{nope}')(freshState('P'), noModel));
    expect(error.message).toContain('{nope}');
  });
});
