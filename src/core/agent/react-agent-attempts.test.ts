import { describe, expect, it } from 'vitest';
import { bash, runAgent, submit, toolMessages } from '../../../test/support/react-agent-harness.js';
import { includes } from '../scorers/includes.js';
import { defaultIncorrectMessage } from './react-agent.js';

describe('reactAgent', () => {
  describe('attempts', () => {
    it('tells the model a wrong submission was wrong and takes a later right one', async () => {
      const { state, model } = await runAgent(
        [
          { calls: [submit('flag{41}')] },
          { calls: [bash('cat flag')] },
          { calls: [submit('flag{42}')] },
        ],
        { maxAttempts: 3, attemptScorer: includes() },
      );
      const messages = toolMessages(state.messages);
      expect(messages[0]).toEqual({
        role: 'tool',
        toolCallId: 'call_0_0',
        content: defaultIncorrectMessage,
      });
      expect(messages[2]?.content).toBe('Submission received.');
      expect(state.output?.message.content).toBe('flag{42}');
      expect(model.requests).toHaveLength(3);
    });

    it('ends on the last attempt with the last submission as the answer', async () => {
      let scored = 0;
      const { state, model } = await runAgent(
        [{ calls: [submit('a')] }, { calls: [submit('b')] }, { calls: [submit('c')] }],
        {
          maxAttempts: 2,
          attemptScorer: {
            name: 'counting',
            score: () => {
              scored += 1;
              return Promise.resolve({ value: 0 });
            },
          },
        },
      );
      expect(model.requests).toHaveLength(2);
      expect(scored).toBe(1); // the last attempt is left to the task's scorers
      expect(state.output?.message.content).toBe('b');
    });

    it('ends on the first submission without an attempt scorer', async () => {
      const { state, model } = await runAgent(
        [{ calls: [submit('a'), bash('echo late')] }, { calls: [submit('b')] }],
        { maxAttempts: 3 },
      );
      expect(model.requests).toHaveLength(1);
      expect(state.output?.message.content).toBe('a');
      expect(toolMessages(state.messages)[1]?.error).toBe(
        'not run: the answer was already submitted',
      );
    });
  });
});
