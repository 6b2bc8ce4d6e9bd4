import { describe, expect, it } from 'vitest';
import { listedModelIds } from './listed-model-ids.js';

describe('listedModelIds', () => {
  it.each<[string, string, readonly string[] | undefined]>([
    [
      'an OpenAI list',
      '{"object":"list","data":[{"id":"gpt-4o","object":"model","created":1715367049,"owned_by":"system"},{"id":"gpt-4o-mini","object":"model","created":1721172741,"owned_by":"system"}]}',
      ['gpt-4o', 'gpt-4o-mini'],
    ],
    [
      'an Anthropic list',
      '{"data":[{"type":"model","id":"claude-sonnet-4-5-20250929","display_name":"Claude Sonnet 4.5","created_at":"2025-09-29T00:00:00Z"}],"has_more":false,"first_id":"claude-sonnet-4-5-20250929","last_id":"claude-sonnet-4-5-20250929"}',
      ['claude-sonnet-4-5-20250929'],
    ],
    [
      'entries without a string id skipped',
      '{"data":[{"id":1},{"name":"x"},null,{"id":"ok"}]}',
      ['ok'],
    ],
    ['an empty list', '{"data":[]}', []],
    ['an Ollama tags list', '{"models":[{"name":"llama3:8b"}]}', undefined],
    ['data that is not a list', '{"data":{"id":"gpt-4o"}}', undefined],
    ['JSON null', 'null', undefined],
    ['HTML', '<html>Not Found</html>', undefined],
    ['an empty body', '', undefined],
  ])('%s', (_label, body, expected) => {
    expect(listedModelIds(body)).toStrictEqual(expected);
  });
});
