import { describe, expect, it } from 'vitest';
import { inputError } from '../../../test/support/errors.js';
import { freshState, noModel } from '../../../test/support/solver-fixtures.js';
import { promptTemplate } from './prompt-template.js';

describe('promptTemplate', () => {
  it('rewrites the last user message with {prompt} and metadata fields', async () => {
    const state = freshState('What is 2+2?', {
      metadata: { topic: 'arithmetic', level: 3, tags: ['a', 'b'] },
    });
    const result = await promptTemplate('[{topic}/{level}/{tags}] {prompt} Think about {prompt}.')(
      state,
      noModel,
    );
    expect(result.messages).toEqual([
      {
        role: 'user',
        content: '[arithmetic/3/["a","b"]] What is 2+2? Think about What is 2+2?.',
      },
    ]);
    expect(result.prompt).toBe('What is 2+2?');
  });

  it('rewrites only the last user message', async () => {
    const state = freshState('second', {
      messages: [
        { role: 'user', content: 'first' },
        { role: 'assistant', content: 'ok' },
        { role: 'user', content: 'second' },
        { role: 'assistant', content: 'done' },
      ],
    });
    const result = await promptTemplate('<{prompt}>')(state, noModel);
    expect(result.messages.map((message) => message.content)).toEqual([
      'first',
      'ok',
      '<second>',
      'done',
    ]);
  });

  it('appends a user message when there is none', async () => {
    const state = freshState('P', { messages: [{ role: 'system', content: 'S' }] });
    const result = await promptTemplate('Do {prompt}')(state, noModel);
    expect(result.messages).toEqual([
      { role: 'system', content: 'S' },
      { role: 'user', content: 'Do P' },
    ]);
  });

  it('leaves braces that are not placeholders alone', async () => {
    const result = await promptTemplate('{"x": 1} {prompt} {}')(freshState('P'), noModel);
    expect(result.messages[0]?.content).toBe('{"x": 1} P {}');
  });

  it('throws an InputError naming an unknown placeholder', async () => {
    const state = freshState('P', { metadata: { topic: 't' } });
    const error = await inputError(() => promptTemplate('{prompt} {topc}')(state, noModel));
    expect(error.message).toContain('{topc}');
    expect(error.message).toContain('s1');
  });

  it('never offers {target}', async () => {
    const error = await inputError(() => promptTemplate('{target}')(freshState('P'), noModel));
    expect(error.message).toContain('{target}');
  });
});
