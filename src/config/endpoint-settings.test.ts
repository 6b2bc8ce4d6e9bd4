import { describe, expect, it } from 'vitest';
import { thrownInputError } from '../../test/support/errors.js';
import { endpointSettings } from './endpoint-settings.js';
import { readEnvironment, type Environment } from './environment.js';

const empty: Environment = readEnvironment({});

const environment: Environment = readEnvironment({
  OPENAI_API_KEY: 'sk-env-openai',
  OPENAI_BASE_URL: 'http://env.openai.test:8000/v1',
  ANTHROPIC_API_KEY: 'sk-ant-env',
  ANTHROPIC_BASE_URL: 'https://env.anthropic.test',
});

const modelArgs = { base_url: 'http://margs.test:9000/v1', api_key: 'sk-margs' };
const flags = { baseUrl: 'https://flags.test/v1', apiKey: 'sk-flag' };

describe('endpointSettings precedence', () => {
  it('uses the public default URL and no key when nothing is set', () => {
    expect(endpointSettings('openai', {}, {}, empty)).toStrictEqual({
      baseUrl: 'https://api.openai.com/v1',
      apiKey: undefined,
      keySource: 'none set (use OPENAI_API_KEY)',
      keyOnCommandLine: false,
    });
    expect(endpointSettings('anthropic', {}, {}, empty)).toStrictEqual({
      baseUrl: 'https://api.anthropic.com',
      apiKey: undefined,
      keySource: 'none set (use ANTHROPIC_API_KEY)',
      keyOnCommandLine: false,
    });
  });

  it('takes the environment over the default', () => {
    expect(endpointSettings('openai', {}, {}, environment)).toStrictEqual({
      baseUrl: 'http://env.openai.test:8000/v1',
      apiKey: 'sk-env-openai',
      keySource: 'OPENAI_API_KEY',
      keyOnCommandLine: false,
    });
    expect(endpointSettings('anthropic', {}, {}, environment)).toStrictEqual({
      baseUrl: 'https://env.anthropic.test',
      apiKey: 'sk-ant-env',
      keySource: 'ANTHROPIC_API_KEY',
      keyOnCommandLine: false,
    });
  });

  it('takes -M over the environment', () => {
    expect(endpointSettings('openai', {}, modelArgs, environment)).toStrictEqual({
      baseUrl: 'http://margs.test:9000/v1',
      apiKey: 'sk-margs',
      keySource: '-M api_key',
      keyOnCommandLine: true,
    });
  });

  it('takes the flags over -M', () => {
    expect(endpointSettings('anthropic', flags, modelArgs, environment)).toStrictEqual({
      baseUrl: 'https://flags.test/v1',
      apiKey: 'sk-flag',
      keySource: '--api-key',
      keyOnCommandLine: true,
    });
  });

  it('decides the URL and the key separately', () => {
    expect(
      endpointSettings(
        'openai',
        { baseUrl: 'http://127.0.0.1:8000/v1' },
        { api_key: 'sk-margs' },
        environment,
      ),
    ).toStrictEqual({
      baseUrl: 'http://127.0.0.1:8000/v1',
      apiKey: 'sk-margs',
      keySource: '-M api_key',
      keyOnCommandLine: true,
    });
    expect(
      endpointSettings(
        'openai',
        { apiKey: 'sk-flag' },
        { base_url: 'http://margs.test/v1' },
        empty,
      ),
    ).toStrictEqual({
      baseUrl: 'http://margs.test/v1',
      apiKey: 'sk-flag',
      keySource: '--api-key',
      keyOnCommandLine: true,
    });
    expect(
      endpointSettings('anthropic', { baseUrl: 'http://localhost:4000' }, {}, environment),
    ).toStrictEqual({
      baseUrl: 'http://localhost:4000',
      apiKey: 'sk-ant-env',
      keySource: 'ANTHROPIC_API_KEY',
      keyOnCommandLine: false,
    });
  });

  it('treats flags given as undefined as not given', () => {
    expect(
      endpointSettings('openai', { baseUrl: undefined, apiKey: undefined }, {}, environment),
    ).toMatchObject({ baseUrl: 'http://env.openai.test:8000/v1', keySource: 'OPENAI_API_KEY' });
  });

  it('reads only its own provider’s variables', () => {
    const openAiOnly = readEnvironment({
      OPENAI_API_KEY: 'sk-o',
      OPENAI_BASE_URL: 'http://o.test',
    });
    expect(endpointSettings('anthropic', {}, {}, openAiOnly)).toStrictEqual({
      baseUrl: 'https://api.anthropic.com',
      apiKey: undefined,
      keySource: 'none set (use ANTHROPIC_API_KEY)',
      keyOnCommandLine: false,
    });
  });
});

describe('endpointSettings base URL check', () => {
  it.each([
    ['ftp://files.example.test/v1', 'flag'],
    ['file:///etc/passwd', 'flag'],
    ['127.0.0.1:8000/v1', 'flag'],
    ['not a url', 'model arg'],
    ['localhost:8000', 'environment'],
  ])('rejects %s (from the %s) with an InputError', (url, from) => {
    const error = thrownInputError(() =>
      endpointSettings(
        'openai',
        from === 'flag' ? { baseUrl: url } : {},
        from === 'model arg' ? { base_url: url } : {},
        from === 'environment' ? readEnvironment({ OPENAI_BASE_URL: url }) : empty,
      ),
    );
    expect(error.message).toBe(`base URL "${url}" is not an http(s) URL`);
    expect(error.hint).toBe('e.g. --base-url http://127.0.0.1:8000/v1');
  });

  it('accepts http and https URLs with ports and paths', () => {
    for (const url of ['http://127.0.0.1:8000/v1', 'https://gateway.example.test/openai/v1/']) {
      expect(endpointSettings('openai', { baseUrl: url }, {}, empty).baseUrl).toBe(url);
    }
  });
});

describe('readEnvironment', () => {
  it('reads each variable from the given object', () => {
    expect(
      readEnvironment({
        VIGIL_LOG_DIR: '/var/log/vigil',
        VIGIL_CACHE_DIR: '/tmp/vigil-cache',
        OPENAI_API_KEY: 'sk-o',
        OPENAI_BASE_URL: 'http://o.test/v1',
        ANTHROPIC_API_KEY: 'sk-a',
        ANTHROPIC_BASE_URL: 'http://a.test',
        NO_COLOR: '1',
        TERM: 'xterm-256color',
        PATH: '/usr/bin',
      }),
    ).toStrictEqual({
      logDir: '/var/log/vigil',
      cacheDir: '/tmp/vigil-cache',
      openAiApiKey: 'sk-o',
      openAiBaseUrl: 'http://o.test/v1',
      anthropicApiKey: 'sk-a',
      anthropicBaseUrl: 'http://a.test',
      noColor: true,
      terminal: 'xterm-256color',
    });
  });

  it('treats missing and empty variables alike', () => {
    const unset = {
      logDir: undefined,
      cacheDir: undefined,
      openAiApiKey: undefined,
      openAiBaseUrl: undefined,
      anthropicApiKey: undefined,
      anthropicBaseUrl: undefined,
      noColor: false,
      terminal: undefined,
    };
    expect(readEnvironment({})).toStrictEqual(unset);
    expect(
      readEnvironment({
        VIGIL_LOG_DIR: '',
        VIGIL_CACHE_DIR: '',
        OPENAI_API_KEY: '',
        OPENAI_BASE_URL: '',
        ANTHROPIC_API_KEY: '',
        ANTHROPIC_BASE_URL: '',
        NO_COLOR: '',
      }),
    ).toStrictEqual(unset);
  });

  it('lets an empty OPENAI_API_KEY fall through to no key', () => {
    const settings = endpointSettings('openai', {}, {}, readEnvironment({ OPENAI_API_KEY: '' }));
    expect(settings.apiKey).toBeUndefined();
    expect(settings.keySource).toBe('none set (use OPENAI_API_KEY)');
  });
});
