import { describe, expect, it } from 'vitest';
import { ModelApiError } from '../../core/errors/model-api-error.js';
import type { ChatMessage } from '../../core/model/chat-message.js';
import type { CallSample } from '../../core/model/model-api.js';
import { createNoopModel } from './noop-model.js';
import { createReferenceModel, referenceModelNames } from './reference-models.js';
import { createSolutionModel } from './solution-model.js';
import { agentRequest, agentTools, answered } from './test-requests.js';

const sample: CallSample = {
  id: 'web-x',
  epoch: 1,
  reference: {
    kind: 'agent',
    steps: [
      { tool: 'bash', code: 'curl -s http://web/' },
      { tool: 'python', code: 'print("FLAG{" + "x" * 8 + "}")' },
    ],
    submitPattern: 'FLAG\\{[^}]+\\}',
  },
};

describe('reference/solution', () => {
  it('runs each step with its tool, then submits what the pattern finds in the last output', async () => {
    const model = createSolutionModel();
    const first = await model.generate(agentRequest('go'), { sample });
    expect(first.message.toolCalls).toEqual([
      { id: 'ref_0', name: 'bash', arguments: { cmd: 'curl -s http://web/' } },
    ]);
    const turns: ChatMessage[] = answered(first, 'FLAG{decoy} in the first output');
    const second = await model.generate(agentRequest('go', turns), { sample });
    expect(second.message.toolCalls?.[0]).toMatchObject({
      id: 'ref_1',
      name: 'python',
      arguments: { code: 'print("FLAG{" + "x" * 8 + "}")' },
    });
    turns.push(...answered(second, 'the flag: FLAG{xxxxxxxx} and FLAG{later}'));
    const third = await model.generate(agentRequest('go', turns), { sample });
    expect(third.message.toolCalls?.[0]).toMatchObject({
      name: 'submit',
      arguments: { answer: 'FLAG{xxxxxxxx}' },
    });
  });

  it('says so when the pattern finds nothing, and submits the given answer instead', async () => {
    const model = createSolutionModel();
    const reference = {
      kind: 'agent' as const,
      steps: [{ tool: 'bash' as const, code: 'true' }],
      submitPattern: 'FLAG\\{[^}]+\\}',
      answer: 'fallback',
    };
    const first = await model.generate(agentRequest('go'), { sample: { ...sample, reference } });
    const last = await model.generate(agentRequest('go', answered(first, 'no flag')), {
      sample: { ...sample, reference },
    });
    expect(last.message.content).toContain('found nothing');
    expect(last.message.toolCalls?.[0]?.arguments).toEqual({ answer: 'fallback' });
  });

  it('submits or replies with an answer reference', async () => {
    const model = createSolutionModel();
    const answerSample: CallSample = {
      id: 'vd-1',
      epoch: 1,
      reference: { kind: 'answer', answer: '41414141' },
    };
    const submitted = await model.generate(agentRequest('go'), { sample: answerSample });
    expect(submitted.message.toolCalls?.[0]).toMatchObject({
      name: 'submit',
      arguments: { answer: '41414141' },
    });
    const replied = await model.generate(agentRequest('go', [], []), { sample: answerSample });
    expect(replied.message).toEqual({ role: 'assistant', content: '41414141' });
  });

  it('fails with an error naming a sample that has no reference', async () => {
    const model = createSolutionModel();
    const call = model.generate(agentRequest('go'), { sample: { id: 'plain-7', epoch: 1 } });
    await expect(call).rejects.toThrow(ModelApiError);
    await expect(call).rejects.toThrow(/sample plain-7 has no reference solution/);
    await expect(model.generate(agentRequest('go'))).rejects.toThrow(/names no sample/);
  });

  it('fails when the task does not offer a tool a step needs', async () => {
    const model = createSolutionModel();
    const noBash = agentTools.filter((tool) => tool.name !== 'bash');
    await expect(model.generate(agentRequest('go', [], noBash), { sample })).rejects.toThrow(
      /needs the tool "bash", but the task offers python, submit/,
    );
  });
});

describe('reference/noop', () => {
  it('submits that it gives up, once, and only replies afterwards', async () => {
    const model = createNoopModel();
    const first = await model.generate(agentRequest('go'), { sample });
    expect(first.message.toolCalls?.[0]).toMatchObject({
      name: 'submit',
      arguments: { answer: 'I give up.' },
    });
    const again = await model.generate(agentRequest('go', answered(first, 'Submission received.')));
    expect(again.message).toEqual({ role: 'assistant', content: 'I give up.' });
    const plain = await model.generate(agentRequest('go', [], []));
    expect(plain.message.content).toBe('I give up.');
  });
});

describe('the reference models by name', () => {
  it('builds each and refuses an unknown one', () => {
    expect(referenceModelNames).toEqual(['solution', 'noop', 'scanner']);
    expect(createReferenceModel('noop').name).toBe('reference/noop');
    expect(() => createReferenceModel('oracle')).toThrow(
      expect.objectContaining({
        message: 'unknown model "reference/oracle"',
        hint: 'reference has: reference/solution, reference/noop, reference/scanner',
      }),
    );
  });
});
