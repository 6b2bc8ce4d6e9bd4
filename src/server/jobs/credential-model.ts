import { readEnvironment } from '../../config/environment.js';
import { InputError } from '../../core/errors/input-error.js';
import type { ModelApi } from '../../core/model/model-api.js';
import { resolveModel } from '../../providers/resolve-model.js';
import type { Credential } from '../routes/credential.js';

/** Which models a credential may name beyond the HTTP providers. */
export interface CredentialModelOptions {
  /** Allow `reference/*` and `mock/*` (the demo and tests; never a real deployment's need). */
  readonly referenceModels: boolean;
  /** The script `mock/scripted` answers from, when allowed. */
  readonly mockScript?: string;
}

/** Builds a model from the developer's credential alone, in a job; builds the ModelApi. */
export type ResolveCredentialModel = (credential: Credential) => Promise<ModelApi>;

/**
 * Resolves a credential to a model. The key goes to the adapter and nowhere else: the process's
 * own environment is not consulted (a submission must never reach a model with someone else's
 * key), and nothing here logs.
 */
export function credentialModelResolver(options: CredentialModelOptions): ResolveCredentialModel {
  return async (credential) => {
    const provider = credential.model.slice(0, credential.model.indexOf('/'));
    const environment = readEnvironment({});
    if (provider === 'openai' || provider === 'anthropic') {
      return resolveModel(
        credential.model,
        {
          ...(credential.baseUrl === undefined ? {} : { base_url: credential.baseUrl }),
          ...(credential.apiKey === undefined ? {} : { api_key: credential.apiKey }),
        },
        { environment },
      );
    }
    if ((provider === 'reference' || provider === 'mock') && options.referenceModels) {
      const args: Record<string, string> =
        credential.model === 'mock/scripted' && options.mockScript !== undefined
          ? { script: options.mockScript }
          : {};
      return resolveModel(credential.model, args, { environment });
    }
    throw new InputError(`the programme cannot call ${credential.model}`, {
      hint: 'grant access to an openai/… or anthropic/… endpoint (any OpenAI-compatible server works as openai/…)',
    });
  };
}
