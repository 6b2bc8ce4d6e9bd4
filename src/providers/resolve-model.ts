import { InputError } from '../core/errors/input-error.js';
import type { ModelApi } from '../core/model/model-api.js';
import { parseWith } from '../core/validation/parse-with.js';
import { readStructuredFile } from '../loaders/read-structured-file.js';
import { createEchoModel } from './mock/echo-model.js';
import { mockScriptSchema } from './mock/mock-script.js';
import { createScriptedModel } from './mock/scripted-model.js';

type ModelFactory = (args: Readonly<Record<string, string>>) => Promise<ModelApi>;

const mockModels: Readonly<Record<string, ModelFactory>> = {
  echo: () => Promise.resolve(createEchoModel()),
  scripted: async (args) => {
    const path = args.script;
    if (path === undefined) {
      throw new InputError('mock/scripted needs a script', {
        hint: 'pass -M script=path/to/script.yaml',
      });
    }
    const data = await readStructuredFile(path, 'mock script');
    const script = parseWith(
      mockScriptSchema,
      data,
      path,
      'see docs/mock-models.md for the script format',
    );
    return createScriptedModel(script, path);
  },
};

const providers: Readonly<Record<string, Readonly<Record<string, ModelFactory>>>> = {
  mock: mockModels,
};

/** Builds the model named `provider/model` with its `-M` arguments. */
export async function resolveModel(
  name: string,
  args: Readonly<Record<string, string>>,
): Promise<ModelApi> {
  const slash = name.indexOf('/');
  if (slash <= 0 || slash === name.length - 1) {
    throw new InputError(`model "${name}" is not provider/model`, {
      hint: 'e.g. --model mock/echo',
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
  const factory = provider[modelName];
  if (factory === undefined) {
    throw new InputError(`unknown model "${name}"`, {
      hint: `${providerName} has: ${Object.keys(provider)
        .map((model) => `${providerName}/${model}`)
        .join(', ')}`,
    });
  }
  return factory(args);
}
