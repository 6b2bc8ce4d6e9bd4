import { z } from 'zod';
import { HttpProblem } from '../http/http-problem.js';

/**
 * The developer's access grant: which model to call, where, and the key. The key is sealed the
 * moment it arrives and never shown again except through a two-person unmask.
 */
export const credentialSchema = z
  .object({
    model: z
      .string()
      .regex(
        /^[a-z][a-z0-9-]*\/[A-Za-z0-9._:/-]{1,200}$/,
        'name the model as provider/model, e.g. openai/frontier-preview',
      ),
    baseUrl: z
      .url({ protocol: /^https?$/, error: 'give the endpoint as an http(s) URL' })
      .max(2000)
      .exactOptional(),
    apiKey: z.string().min(1).max(4096).exactOptional(),
  })
  .strict();

export type Credential = z.infer<typeof credentialSchema>;

/** Only real endpoints, unless the service allows the built-in reference models. */
export function checkCredentialProvider(model: string, referenceModels: boolean): void {
  const provider = model.slice(0, model.indexOf('/'));
  const allowed = referenceModels
    ? ['openai', 'anthropic', 'reference', 'mock']
    : ['openai', 'anthropic'];
  if (!allowed.includes(provider)) {
    throw new HttpProblem('invalid-request', `the programme cannot call ${provider} models`, {
      errors: [
        {
          field: 'body.model',
          problem: `unknown or disallowed provider "${provider}"`,
          fix: `use ${allowed.map((name) => `${name}/…`).join(' or ')} (any OpenAI-compatible server works as openai/…)`,
        },
      ],
    });
  }
}
