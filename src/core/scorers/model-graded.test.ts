import { describe, expect, it } from 'vitest';
import { modelOutput, taskStateWithOutput } from '../../../test/support/task-state-fixture.js';
import { InputError } from '../errors/input-error.js';
import { ModelApiError } from '../errors/model-api-error.js';
import type { ModelApi, ModelCallOptions, ModelRequest } from '../model/model-api.js';
import type { ModelOutput } from '../model/model-output.js';
import { modelGraded } from './model-graded.js';

/** A grader that replies with a scripted text and remembers what it was asked. */
function fakeGrader(reply: string): ModelApi & {
  readonly requests: ModelRequest[];
  readonly options: (ModelCallOptions | undefined)[];
} {
  const requests: ModelRequest[] = [];
  const options: (ModelCallOptions | undefined)[] = [];
  return {
    name: 'fake/grader',
    requests,
    options,
    generate(request: ModelRequest, callOptions?: ModelCallOptions): Promise<ModelOutput> {
      requests.push(request);
      options.push(callOptions);
      return Promise.resolve(modelOutput(reply, 'fake/grader-v1'));
    },
  };
}

const state = taskStateWithOutput('The capital of France is Paris.', {
  input: 'What is the capital of France?',
  target: 'Paris',
});

describe('modelGraded', () => {
  it('scores 1 for GRADE: C and records the grader', async () => {
    const grader = fakeGrader('The submission names Paris.\nGRADE: C');
    const score = await modelGraded({ grader }).score(state, ['Paris']);
    expect(score).toEqual({
      value: 1,
      answer: 'The capital of France is Paris.',
      explanation: 'The submission names Paris.\nGRADE: C',
      metadata: { grader: 'fake/grader', grade: 'C' },
    });
  });

  it('scores 0 for GRADE: I', async () => {
    const score = await modelGraded({ grader: fakeGrader('Wrong city.\nGRADE: I') }).score(state, [
      'Paris',
    ]);
    expect(score.value).toBe(0);
  });

  it('scores 0.5 for GRADE: P, and takes the last grade', async () => {
    const grader = fakeGrader('A reply of GRADE: C would be too generous.\ngrade: p');
    const score = await modelGraded({ grader, partialCredit: true }).score(state, ['Paris']);
    expect(score).toMatchObject({ value: 0.5, metadata: { grade: 'P' } });
  });

  it('scores null, not a pass or fail, when the reply has no grade', async () => {
    const score = await modelGraded({ grader: fakeGrader('I am not sure.') }).score(state, [
      'Paris',
    ]);
    expect(score.value).toBeNull();
    expect(score.explanation).toBe(
      'the grader gave no recognisable grade; its reply:\nI am not sure.',
    );
    expect(score.metadata).toEqual({ grader: 'fake/grader' });
  });

  it('sends one user message at temperature 0 with the question, answer and criterion filled in', async () => {
    const grader = fakeGrader('GRADE: C');
    const signal = new AbortController().signal;
    await modelGraded({ grader }).score(state, ['Paris', 'paris, france'], { signal });
    const request = grader.requests[0]!;
    expect(request.config).toEqual({ temperature: 0 });
    expect(request.messages).toHaveLength(1);
    const message = request.messages[0]!;
    expect(message.role).toBe('user');
    expect(message.content).toContain('[Task]: What is the capital of France?');
    expect(message.content).toContain('[Submission]: The capital of France is Paris.');
    expect(message.content).toContain('[Criterion]: Paris\nparis, france');
    expect(message.content).toContain("'GRADE: $LETTER'");
    expect(message.content).toContain('one of C or I');
    expect(grader.options[0]).toEqual({ signal });
  });

  it('asks for P only with partial credit', async () => {
    const grader = fakeGrader('GRADE: C');
    await modelGraded({ grader, partialCredit: true }).score(state, ['Paris']);
    expect(grader.requests[0]!.messages[0]!.content).toContain('one of C, P or I');
  });

  it('fills a custom template once, leaving braces in the answer alone', async () => {
    const grader = fakeGrader('GRADE: C');
    const tricky = taskStateWithOutput('I say {criterion}', { target: 'Paris' });
    await modelGraded({
      grader,
      template: 'A={answer} C={criterion} {instructions}',
      instructions: 'Grade it.',
    }).score(tricky, ['Paris']);
    expect(grader.requests[0]!.messages[0]!.content).toBe('A=I say {criterion} C=Paris Grade it.');
  });

  it('reads the grade with a custom pattern', async () => {
    const grader = fakeGrader('Verdict: [[I]]');
    const score = await modelGraded({ grader, gradePattern: String.raw`\[\[([CPI])\]\]` }).score(
      state,
      ['Paris'],
    );
    expect(score.value).toBe(0);
  });

  it('lets a grader error propagate', async () => {
    const grader: ModelApi = {
      name: 'fake/broken',
      generate: () =>
        Promise.reject(new ModelApiError('overloaded', { provider: 'fake', isRetryable: true })),
    };
    await expect(modelGraded({ grader }).score(state, ['Paris'])).rejects.toThrow(ModelApiError);
  });

  it('rejects a template without {answer} or a bad grade pattern at creation', () => {
    const grader = fakeGrader('GRADE: C');
    expect(() => modelGraded({ grader, template: 'Is {question} right?' })).toThrow(InputError);
    expect(() => modelGraded({ grader, gradePattern: '([CI]' })).toThrow('invalid grade pattern');
  });
});
