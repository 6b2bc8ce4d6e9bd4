import { z } from 'zod';

/** Every built-in scorer, as named in task files. */
export const scorerNames = [
  'exact',
  'match',
  'includes',
  'pattern',
  'choice',
  'numeric',
  'model_graded',
] as const;

/** The name of a built-in scorer. */
export type ScorerName = (typeof scorerNames)[number];

/** Scorers that can be written as a bare name: all but those with a required option. */
const bareNames = [
  'exact',
  'match',
  'includes',
  'choice',
  'numeric',
  'model_graded',
] as const satisfies readonly ScorerName[];

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScorerName(value: unknown): value is ScorerName {
  return (scorerNames as readonly unknown[]).includes(value);
}

function unknownScorer(name: unknown): string {
  const expected = `one of ${scorerNames.join(', ')}`;
  return name === undefined
    ? `a scorer needs a name, ${expected}`
    : `unknown scorer ${JSON.stringify(name)}; expected ${expected}`;
}

/** A strict object `{ name, ...options }` whose unknown keys are named in the error. */
function specSchema<N extends ScorerName, S extends z.ZodRawShape>(name: N, options: S) {
  const allowed = ['name', ...Object.keys(options)].join(', ');
  return z.strictObject(
    { name: z.literal(name), ...options },
    {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? `unknown option${issue.keys.length === 1 ? '' : 's'} ${issue.keys.map((key) => JSON.stringify(key)).join(', ')} for scorer ${name}; allowed: ${allowed}`
          : undefined,
    },
  );
}

/** A string that compiles as a JavaScript regular expression. */
const regexSchema = z
  .string({
    error: (issue) =>
      issue.input === undefined ? 'a regex is required' : 'the regex must be a string',
  })
  .min(1)
  .superRefine((value, context) => {
    try {
      new RegExp(value);
    } catch (error) {
      context.addIssue({
        code: 'custom',
        message: `not a valid regular expression: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
  });

const specSchemas = {
  exact: specSchema('exact', {
    ignore_case: z.boolean().optional(),
    ignore_punctuation: z.boolean().optional(),
  }),
  match: specSchema('match', {
    location: z.enum(['begin', 'end', 'any', 'exact']).optional(),
    ignore_case: z.boolean().optional(),
  }),
  includes: specSchema('includes', { ignore_case: z.boolean().optional() }),
  pattern: specSchema('pattern', {
    regex: regexSchema,
    ignore_case: z.boolean().optional(),
    match_all: z.boolean().optional(),
  }),
  choice: specSchema('choice', {}),
  numeric: specSchema('numeric', {
    tolerance: z.number().nonnegative().optional(),
    relative: z.boolean().optional(),
  }),
  model_graded: specSchema('model_graded', {
    /** The grader, `provider/model`; the caller resolves it into a ModelApi. */
    model: z.string().min(1).optional(),
    template: z
      .string()
      .includes('{answer}', { error: 'the template needs an {answer} placeholder' })
      .optional(),
    instructions: z.string().optional(),
    partial_credit: z.boolean().optional(),
    grade_pattern: regexSchema.optional(),
  }),
} as const satisfies {
  readonly [N in ScorerName]: { readonly shape: { readonly name: z.ZodLiteral<N> } };
};

type SpecSchema = (typeof specSchemas)[ScorerName];

/** A scorer written out as an object, `{ name: pattern, regex: ... }`. */
export type ScorerSpecObject = z.output<SpecSchema>;

const objectSchema = z.discriminatedUnion(
  'name',
  Object.values(specSchemas) as [SpecSchema, ...SpecSchema[]],
  {
    // Zod also reports a non-object input here, whatever the issue type says.
    error: (issue) => (isRecord(issue.input) ? unknownScorer(issue.input['name']) : undefined),
  },
);

/** Zod's nested issues as one line: `regex: Invalid input; unknown option "x" ...`. */
function describe(issues: readonly z.core.$ZodIssue[]): string {
  return issues
    .map((issue) =>
      issue.path.length === 0 ? issue.message : `${issue.path.join('.')}: ${issue.message}`,
    )
    .join('; ');
}

/**
 * A scorer in a task file: a bare name (`includes`) or an object with options
 * (`{ name: pattern, regex: 'ANSWER: (\w+)' }`). Unknown names and keys are errors.
 */
export const scorerSpecSchema = z.union([z.enum(bareNames), objectSchema], {
  error: (issue) => {
    const { input } = issue;
    if (typeof input === 'string') {
      return isScorerName(input)
        ? `scorer ${input} needs options; write it as an object, e.g. { name: ${input}, regex: '...' }`
        : unknownScorer(input);
    }
    if (isRecord(input)) {
      const name = input['name'];
      if (!isScorerName(name)) return unknownScorer(name);
      return `scorer ${name}: ${describe(issue.errors[1] ?? [])}`;
    }
    return `a scorer is a name such as includes, or an object such as { name: pattern, regex: '...' }; got ${JSON.stringify(input)}`;
  },
});

/** A scorer as declared in a task file. */
export type ScorerSpec = z.output<typeof scorerSpecSchema>;

/** The name of the scorer a spec declares. */
export function scorerSpecName(spec: ScorerSpec): ScorerName {
  return typeof spec === 'string' ? spec : spec.name;
}
