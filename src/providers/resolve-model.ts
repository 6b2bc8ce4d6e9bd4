import { endpointSettings, type EndpointFlags } from '../config/endpoint-settings.js';
import { readEnvironment, type Environment } from '../config/environment.js';
import { InputError } from '../core/errors/input-error.js';
import type { ModelApi } from '../core/model/model-api.js';
import { parseWith } from '../core/validation/parse-with.js';
import { readStructuredFile } from '../loaders/read-structured-file.js';
import { createAnthropicMessagesModel } from './anthropic/anthropic-messages-model.js';
import { createUndiciTransport } from './http/undici-transport.js';
import { createEchoModel } from './mock/echo-model.js';
import { mockScriptSchema } from './mock/mock-script.js';
import { createScriptedModel } from './mock/scripted-model.js';
import { createOpenAiChatModel } from './openai/openai-chat-model.js';
import { createReferenceModel, referenceModelNames } from './reference/reference-models.js';

/** What building a model may need besides its name and `-M` arguments. */
export interface ModelContext {
  readonly environment: Environment;
  readonly endpoint?: EndpointFlags;
  /** Sockets to keep open to the endpoint: the run's `--max-connections`. */
  readonly connections?: number;
  /** Called with warnings for the person at the terminal (e.g. a key on the command line). */
  readonly warn?: (message: string) => void;
}

interface Provider {
  readonly models: readonly string[] | 'any';
  readonly args: readonly string[];
  create(
    model: string,
    args: Readonly<Record<string, string>>,
    context: ModelContext,
  ): Promise<ModelApi>;
}

function timeoutMs(args: Readonly<Record<string, string>>): number {
  const text = args.timeout_ms ?? '120000';
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1)
    throw new InputError(`-M timeout_ms must be a positive whole number, got "${text}"`);
  return value;
}

function httpEndpoint(
  provider: 'openai' | 'anthropic',
  args: Readonly<Record<string, string>>,
  context: ModelContext,
) {
  const settings = endpointSettings(provider, context.endpoint ?? {}, args, context.environment);
  if (settings.keyOnCommandLine) {
    context.warn?.(
      `the API key given with ${settings.keySource} is visible in the process list and shell history; prefer the environment variable`,
    );
  }
  return {
    baseUrl: settings.baseUrl,
    apiKey: settings.apiKey,
    keySource: settings.keySource,
    timeoutMs: timeoutMs(args),
    transport: createUndiciTransport({ connections: context.connections ?? 16 }),
  };
}

const providers: Readonly<Record<string, Provider>> = {
  mock: {
    models: ['echo', 'scripted'],
    args: ['script'],
    async create(model, args) {
      if (model === 'echo') return createEchoModel();
      const path = args.script;
      if (path === undefined)
        throw new InputError('mock/scripted needs a script', {
          hint: 'pass -M script=path/to/script.yaml',
        });
      const script = parseWith(
        mockScriptSchema,
        await readStructuredFile(path, 'mock script'),
        path,
        'see docs/mock-models.md for the script format',
      );
      return createScriptedModel(script, path);
    },
  },
  reference: {
    models: referenceModelNames,
    args: [],
    create: (model) => Promise.resolve(createReferenceModel(model)),
  },
  openai: {
    models: 'any',
    args: ['base_url', 'api_key', 'timeout_ms'],
    create: (model, args, context) =>
      Promise.resolve(createOpenAiChatModel({ model, ...httpEndpoint('openai', args, context) })),
  },
  anthropic: {
    models: 'any',
    args: ['base_url', 'api_key', 'timeout_ms'],
    create: (model, args, context) =>
      Promise.resolve(
        createAnthropicMessagesModel({ model, ...httpEndpoint('anthropic', args, context) }),
      ),
  },
};

/** Builds the model named `provider/model` with its `-M` arguments. */
export async function resolveModel(
  name: string,
  args: Readonly<Record<string, string>>,
  context: ModelContext = { environment: readEnvironment() },
): Promise<ModelApi> {
  const slash = name.indexOf('/');
  if (slash <= 0 || slash === name.length - 1) {
    throw new InputError(`model "${name}" is not provider/model`, {
      hint: 'e.g. --model mock/echo or --model openai/gpt-4o',
    });
  }
  const providerName = name.slice(0, slash);
  const modelName = name.slice(slash + 1);
  const provider = providers[providerName];
  if (provider === undefined) {
    throw new InputError(`unknown model provider "${providerName}"`, {
      hint: `use one of: ${Object.keys(providers).join(', ')}`,
    });
  }
  if (provider.models !== 'any' && !provider.models.includes(modelName)) {
    throw new InputError(`unknown model "${name}"`, {
      hint: `${providerName} has: ${provider.models.map((model) => `${providerName}/${model}`).join(', ')}`,
    });
  }
  const unknown = Object.keys(args).filter((key) => !provider.args.includes(key));
  if (unknown.length > 0) {
    throw new InputError(
      `unknown model argument${unknown.length > 1 ? 's' : ''} ${unknown.map((key) => `"${key}"`).join(', ')} for ${providerName}`,
      {
        hint:
          provider.args.length === 0
            ? `${providerName} takes no -M arguments`
            : `${providerName} takes: ${provider.args.join(', ')}`,
      },
    );
  }
  return provider.create(modelName, args, context);
}
