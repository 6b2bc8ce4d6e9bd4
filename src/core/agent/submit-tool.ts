import { stringArgument, type AgentTool } from './tool.js';

export interface SubmitToolOptions {
  /** The tool's name; default `submit`. */
  readonly name?: string;
  readonly description?: string;
}

/**
 * `submit`: the model hands in its final answer. The result carries it as `submission`, which
 * the agent records as the answer scorers read. A number or boolean is taken as its text.
 */
export function submitTool(options: SubmitToolOptions = {}): AgentTool {
  const name = options.name ?? 'submit';
  return {
    definition: {
      name,
      description:
        options.description ??
        'Submit your final answer to the task. Call it once you are sure; the answer is graded.',
      parameters: {
        type: 'object',
        properties: { answer: { type: 'string', description: 'Your final answer.' } },
        required: ['answer'],
        additionalProperties: false,
      },
    },
    run(args) {
      const answer = stringArgument(name, args, 'answer', { coerce: true });
      if (typeof answer !== 'string') return Promise.resolve(answer);
      return Promise.resolve({ output: 'Submission received.', submission: answer });
    },
  };
}
