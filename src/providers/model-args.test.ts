import { describe, expect, it } from 'vitest';
import { thrownInputError } from '../../test/support/errors.js';
import { parseModelArgs, redactModelArgs } from './model-args.js';

describe('parseModelArgs', () => {
  it('splits key=value at the first =', () => {
    expect(parseModelArgs(['script=a.yaml', 'expr=a=b', 'empty='])).toEqual({
      script: 'a.yaml',
      expr: 'a=b',
      empty: '',
    });
  });

  it('lets a later flag win', () => {
    expect(parseModelArgs(['k=1', 'k=2'])).toEqual({ k: '2' });
  });

  it('returns an empty record for no flags', () => {
    expect(parseModelArgs([])).toEqual({});
  });

  it.each(['script', '=value', ''])('rejects %j', (flag) => {
    const error = thrownInputError(() => parseModelArgs([flag]));
    expect(error.message).toBe(`model argument "${flag}" is not key=value`);
    expect(error.hint).toContain('-M key=value');
  });
});

describe('redactModelArgs', () => {
  it('masks secret-looking keys and keeps the rest', () => {
    const args = {
      api_key: 'sk-1',
      ACCESS_TOKEN: 't',
      client_secret: 's',
      password: 'p',
      credentials: 'c',
      Authorization: 'a',
      script: 'x.yaml',
      temperature: '0',
    };
    expect(redactModelArgs(args)).toEqual({
      api_key: '[redacted]',
      ACCESS_TOKEN: '[redacted]',
      client_secret: '[redacted]',
      password: '[redacted]',
      credentials: '[redacted]',
      Authorization: '[redacted]',
      script: 'x.yaml',
      temperature: '0',
    });
    expect(args.api_key).toBe('sk-1');
  });
});
