import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { request, user } from '../../../test/support/chat-request.js';
import { inputError } from '../../../test/support/errors.js';
import { useTempDir } from '../../../test/support/temp-dir.js';
import { resolveModel } from '../resolve-model.js';

describe('resolveModel', () => {
  const dir = useTempDir('vigil-mock-');

  it('builds mock/echo', async () => {
    const model = await resolveModel('mock/echo', {});
    expect(model.name).toBe('mock/echo');
    expect((await model.generate(request(user('ping')))).message.content).toBe('ping');
  });

  it('builds mock/scripted from a YAML script', async () => {
    const path = await dir.write(
      'script.yaml',
      [
        'rules:',
        "  - match: 'prime'",
        '    turns:',
        '      - content: "ANSWER: 7"',
        'default:',
        '  - content: fallback',
      ].join('\n'),
    );
    const model = await resolveModel('mock/scripted', { script: path });
    expect(model.name).toBe('mock/scripted');
    expect((await model.generate(request(user('a prime?')))).message.content).toBe('ANSWER: 7');
    expect((await model.generate(request(user('other')))).message.content).toBe('fallback');
  });

  it('builds mock/scripted from a JSON script', async () => {
    const path = await dir.write('script.json', JSON.stringify({ default: [{ content: 'json' }] }));
    const model = await resolveModel('mock/scripted', { script: path });
    expect((await model.generate(request(user('q')))).message.content).toBe('json');
  });

  it('asks for a script when mock/scripted has none', async () => {
    const error = await inputError(() => resolveModel('mock/scripted', {}));
    expect(error.message).toContain('needs a script');
    expect(error.hint).toContain('-M script=');
  });

  it('names the file and the field of an invalid script', async () => {
    const path = await dir.write(
      'bad.yaml',
      'rules:\n  - contains: x\n    turns:\n      - delay_ms: 5\n',
    );
    const error = await inputError(() => resolveModel('mock/scripted', { script: path }));
    expect(error.message).toContain(path);
    expect(error.message).toContain('field rules[0].turns[0]');
    expect(error.message).toContain('a turn needs content, tool_calls or error');
  });

  it('names the file and the field of an unknown key', async () => {
    const path = await dir.write('typo.yaml', 'default:\n  - content: x\n    delay: 5\n');
    const error = await inputError(() => resolveModel('mock/scripted', { script: path }));
    expect(error.message).toContain(path);
    expect(error.message).toContain('field default[0]');
    expect(error.message).toContain('"delay"');
  });

  it('names the file and the field of an invalid regex', async () => {
    const path = await dir.write(
      'regex.yaml',
      "rules:\n  - match: '(unclosed'\n    turns:\n      - content: x\n",
    );
    const error = await inputError(() => resolveModel('mock/scripted', { script: path }));
    expect(error.message).toContain(path);
    expect(error.message).toContain('field rules[0].match: not a valid regular expression');
  });

  it('names a script file that does not exist', async () => {
    const path = join(dir.path, 'missing.yaml');
    const error = await inputError(() => resolveModel('mock/scripted', { script: path }));
    expect(error.message).toContain(path);
    expect(error.message).toContain('no such file');
  });

  it('names a script with a YAML syntax error', async () => {
    const path = await dir.write('syntax.yaml', 'default: [\n');
    const error = await inputError(() => resolveModel('mock/scripted', { script: path }));
    expect(error.message).toContain(path);
    expect(error.message).toContain('is not valid YAML');
  });

  it.each(['echo', 'mock/', '/echo', ''])('rejects %j as not provider/model', async (name) => {
    const error = await inputError(() => resolveModel(name, {}));
    expect(error.message).toContain('is not provider/model');
  });

  it('lists the providers for an unknown provider', async () => {
    const error = await inputError(() => resolveModel('acme/gpt-4o', {}));
    expect(error.message).toContain('unknown model provider "acme"');
    expect(error.hint).toBe('use one of: mock, reference, openai, anthropic');
  });

  it('lists the models of the provider for an unknown model', async () => {
    const error = await inputError(() => resolveModel('mock/parrot', {}));
    expect(error.message).toContain('unknown model "mock/parrot"');
    expect(error.hint).toBe('mock has: mock/echo, mock/scripted');
  });
});
