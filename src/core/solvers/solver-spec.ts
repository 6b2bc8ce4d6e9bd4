import { z } from 'zod';
import { chain } from './chain.js';
import { generate } from './generate.js';
import { multipleChoice } from './multiple-choice.js';
import { promptTemplate } from './prompt-template.js';
import type { Solver } from './solver.js';
import { systemMessage } from './system-message.js';
import { userMessage } from './user-message.js';

/** Sampling settings as written in task files (snake_case). */
export const generateConfigSpecSchema = z
  .object({
    temperature: z.number().min(0).max(2).optional(),
    max_tokens: z.number().int().positive().optional(),
    seed: z.number().int().optional(),
    stop_sequences: z.array(z.string()).optional(),
    top_p: z.number().min(0).max(1).optional(),
  })
  .strict();

/** The config of a task file turned into a `GenerateConfig`. */
export function toGenerateConfig(spec: z.infer<typeof generateConfigSpecSchema>) {
  return {
    ...(spec.temperature === undefined ? {} : { temperature: spec.temperature }),
    ...(spec.max_tokens === undefined ? {} : { maxTokens: spec.max_tokens }),
    ...(spec.seed === undefined ? {} : { seed: spec.seed }),
    ...(spec.stop_sequences === undefined ? {} : { stopSequences: spec.stop_sequences }),
    ...(spec.top_p === undefined ? {} : { topP: spec.top_p }),
  };
}

const stepSchema = z.union([
  z.enum(['generate', 'multiple_choice']),
  z.object({ generate: generateConfigSpecSchema }).strict(),
  z.object({ system_message: z.string().min(1) }).strict(),
  z.object({ prompt_template: z.string().min(1) }).strict(),
  z.object({ user_message: z.string().min(1) }).strict(),
  z
    .object({ multiple_choice: z.object({ template: z.string().min(1).optional() }).strict() })
    .strict(),
]);

/** Solver steps as written in a task file: a list run in order. */
export const solverSpecSchema = z.array(stepSchema).min(1);

/** A solver declared in a task file. */
export type SolverSpec = z.infer<typeof solverSpecSchema>;

function createStep(step: z.infer<typeof stepSchema>): Solver {
  if (step === 'generate') return generate();
  if (step === 'multiple_choice') return multipleChoice();
  if ('generate' in step) return generate(toGenerateConfig(step.generate));
  if ('system_message' in step) return systemMessage(step.system_message);
  if ('prompt_template' in step) return promptTemplate(step.prompt_template);
  if ('user_message' in step) return userMessage(step.user_message);
  return multipleChoice(step.multiple_choice.template);
}

/** Builds the solver a task file declares. */
export function createSolver(spec: SolverSpec): Solver {
  const steps = spec.map(createStep);
  return steps.length === 1 && steps[0] !== undefined ? steps[0] : chain(...steps);
}
