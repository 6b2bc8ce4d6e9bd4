import { z } from 'zod';

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
