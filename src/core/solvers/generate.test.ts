import { describe, expect, it } from 'vitest';
import { fakeGenerate, freshState } from '../../../test/support/solver-fixtures.js';
import { generate } from './generate.js';

describe('generate', () => {
  it('calls the model once with the given config and returns its state', async () => {
    const { callModel, calls } = fakeGenerate();
    const state = await generate({ temperature: 0.3, maxTokens: 50 })(freshState('Hi'), callModel);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.config).toEqual({ temperature: 0.3, maxTokens: 50 });
    expect(state.messages).toEqual([
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'reply #1' },
    ]);
    expect(state.output?.message.content).toBe('reply #1');
  });

  it('passes an empty config by default', async () => {
    const { callModel, calls } = fakeGenerate();
    await generate()(freshState('Hi'), callModel);
    expect(calls[0]?.config).toEqual({});
  });
});
