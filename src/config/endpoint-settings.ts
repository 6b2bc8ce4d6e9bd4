import { InputError } from '../core/errors/input-error.js';
import type { Environment } from './environment.js';

/** A provider's endpoint: where it is, the key and where that key came from. */
export interface EndpointSettings {
  readonly baseUrl: string;
  readonly apiKey: string | undefined;
  /** `--api-key`, `-M api_key`, `OPENAI_API_KEY`, ... or `none`; shown in errors instead of the key. */
  readonly keySource: string;
  /** The key was given on the command line, where other users can see it. */
  readonly keyOnCommandLine: boolean;
}

/** What the command line said about the endpoint. */
export interface EndpointFlags {
  readonly baseUrl?: string | undefined;
  readonly apiKey?: string | undefined;
}

const defaults = {
  openai: {
    baseUrl: 'https://api.openai.com/v1',
    keyVariable: 'OPENAI_API_KEY',
    urlVariable: 'OPENAI_BASE_URL',
  },
  anthropic: {
    baseUrl: 'https://api.anthropic.com',
    keyVariable: 'ANTHROPIC_API_KEY',
    urlVariable: 'ANTHROPIC_BASE_URL',
  },
} as const;

/**
 * The endpoint of `provider`, by precedence: `--base-url`/`--api-key`, then `-M base_url=` /
 * `-M api_key=`, then the environment, then the provider's public default URL.
 */
export function endpointSettings(
  provider: keyof typeof defaults,
  flags: EndpointFlags,
  modelArgs: Readonly<Record<string, string>>,
  environment: Environment,
): EndpointSettings {
  const known = defaults[provider];
  const fromEnvironment =
    provider === 'openai'
      ? { baseUrl: environment.openAiBaseUrl, apiKey: environment.openAiApiKey }
      : { baseUrl: environment.anthropicBaseUrl, apiKey: environment.anthropicApiKey };
  const baseUrl = flags.baseUrl ?? modelArgs.base_url ?? fromEnvironment.baseUrl ?? known.baseUrl;
  try {
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error('not http');
  } catch {
    throw new InputError(`base URL "${baseUrl}" is not an http(s) URL`, {
      hint: `e.g. --base-url http://127.0.0.1:8000/v1`,
    });
  }
  const [apiKey, keySource] =
    flags.apiKey !== undefined
      ? [flags.apiKey, '--api-key']
      : modelArgs.api_key !== undefined
        ? [modelArgs.api_key, '-M api_key']
        : fromEnvironment.apiKey !== undefined
          ? [fromEnvironment.apiKey, known.keyVariable]
          : [undefined, `none set (use ${known.keyVariable})`];
  return {
    baseUrl,
    apiKey,
    keySource,
    keyOnCommandLine: keySource === '--api-key' || keySource === '-M api_key',
  };
}
