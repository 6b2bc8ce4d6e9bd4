import { describe, expect, it } from 'vitest';
import { freshState, noModel } from '../../../test/support/solver-fixtures.js';
import { systemMessage } from './system-message.js';

describe('systemMessage', () => {
  it('goes after existing system messages and before the rest', async () => {
    const state = freshState('Q', {
      messages: [
        { role: 'system', content: 'first' },
        { role: 'user', content: 'Q' },
        { role: 'assistant', content: 'A' },
      ],
    });
    const result = await systemMessage('second')(state, noModel);
    expect(result.messages).toEqual([
      { role: 'system', content: 'first' },
      { role: 'system', content: 'second' },
      { role: 'user', content: 'Q' },
      { role: 'assistant', content: 'A' },
    ]);
  });

  it('goes first when there is no system message', async () => {
    const result = await systemMessage('Be brief.')(freshState('Q'), noModel);
    expect(result.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Q' },
    ]);
  });

  it('goes last when the conversation holds only system messages', async () => {
    const state = freshState('Q', { messages: [{ role: 'system', content: 'one' }] });
    const result = await systemMessage('two')(state, noModel);
    expect(result.messages.map((message) => message.content)).toEqual(['one', 'two']);
  });

  it('fills placeholders from the sample', async () => {
    const state = freshState('Q', { metadata: { persona: 'a pirate' } });
    const result = await systemMessage('You are {persona}.')(state, noModel);
    expect(result.messages[0]).toEqual({ role: 'system', content: 'You are a pirate.' });
  });

  it('leaves the input state untouched', async () => {
    const state = freshState('Q');
    await systemMessage('S')(state, noModel);
    expect(state.messages).toEqual([{ role: 'user', content: 'Q' }]);
  });
});
