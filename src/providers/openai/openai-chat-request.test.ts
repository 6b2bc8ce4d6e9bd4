import { describe, expect, it } from 'vitest';
import type { ModelRequest } from '../../core/model/model-api.js';
import { openAiChatBody } from './openai-chat-request.js';

describe('openAiChatBody', () => {
  it('maps every message kind, the tools, the tool choice and the sampling settings', () => {
    const request: ModelRequest = {
      messages: [
        { role: 'system', content: 'You are a careful analyst.' },
        { role: 'user', content: 'Which ports are open on 10.0.0.5?' },
        {
          role: 'assistant',
          content: '',
          toolCalls: [
            { id: 'call_1', name: 'port_scan', arguments: { host: '10.0.0.5', ports: [22, 443] } },
            { id: 'call_2', name: 'list_hosts', arguments: {} },
          ],
        },
        { role: 'tool', toolCallId: 'call_1', content: '22/tcp open ssh' },
        { role: 'tool', toolCallId: 'call_2', content: 'scan failed', error: 'timeout' },
        {
          role: 'assistant',
          content: 'One more check.',
          toolCalls: [{ id: 'call_3', name: 'port_scan', arguments: { host: '10.0.0.6' } }],
        },
        { role: 'tool', toolCallId: 'call_3', content: 'none' },
        { role: 'assistant', content: 'Port 22 is open.' },
        { role: 'user', content: 'Which service is it?' },
      ],
      tools: [
        {
          name: 'port_scan',
          description: 'Scan TCP ports on a host.',
          parameters: {
            type: 'object',
            properties: { host: { type: 'string' }, ports: { type: 'array' } },
            required: ['host'],
          },
        },
        { name: 'list_hosts', description: 'List known hosts.', parameters: { type: 'object' } },
      ],
      toolChoice: { name: 'port_scan' },
      config: {
        temperature: 0.2,
        maxTokens: 256,
        seed: 7,
        stopSequences: ['\n\n', 'END'],
        topP: 0.9,
      },
    };

    expect(JSON.parse(openAiChatBody('gpt-4o-mini', request))).toStrictEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'You are a careful analyst.' },
        { role: 'user', content: 'Which ports are open on 10.0.0.5?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            {
              id: 'call_1',
              type: 'function',
              function: { name: 'port_scan', arguments: '{"host":"10.0.0.5","ports":[22,443]}' },
            },
            { id: 'call_2', type: 'function', function: { name: 'list_hosts', arguments: '{}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '22/tcp open ssh' },
        { role: 'tool', tool_call_id: 'call_2', content: 'scan failed' },
        {
          role: 'assistant',
          content: 'One more check.',
          tool_calls: [
            {
              id: 'call_3',
              type: 'function',
              function: { name: 'port_scan', arguments: '{"host":"10.0.0.6"}' },
            },
          ],
        },
        { role: 'tool', tool_call_id: 'call_3', content: 'none' },
        { role: 'assistant', content: 'Port 22 is open.' },
        { role: 'user', content: 'Which service is it?' },
      ],
      tools: [
        {
          type: 'function',
          function: {
            name: 'port_scan',
            description: 'Scan TCP ports on a host.',
            parameters: {
              type: 'object',
              properties: { host: { type: 'string' }, ports: { type: 'array' } },
              required: ['host'],
            },
          },
        },
        {
          type: 'function',
          function: {
            name: 'list_hosts',
            description: 'List known hosts.',
            parameters: { type: 'object' },
          },
        },
      ],
      tool_choice: { type: 'function', function: { name: 'port_scan' } },
      temperature: 0.2,
      max_tokens: 256,
      seed: 7,
      stop: ['\n\n', 'END'],
      top_p: 0.9,
    });
  });

  it('sends only the model and messages when nothing else is set', () => {
    const body = openAiChatBody('m', { messages: [{ role: 'user', content: 'hi' }], config: {} });
    expect(JSON.parse(body)).toStrictEqual({
      model: 'm',
      messages: [{ role: 'user', content: 'hi' }],
    });
  });

  it('keeps zero-valued settings and an assistant message with an empty tool-call list as text', () => {
    const body = openAiChatBody('m', {
      messages: [{ role: 'assistant', content: '', toolCalls: [] }],
      config: { temperature: 0, seed: 0, topP: 0, stopSequences: [] },
    });
    expect(JSON.parse(body)).toStrictEqual({
      model: 'm',
      messages: [{ role: 'assistant', content: '' }],
      temperature: 0,
      seed: 0,
      stop: [],
      top_p: 0,
    });
  });

  it.each([
    ['auto', 'auto'],
    ['none', 'none'],
    ['required', 'required'],
  ] as const)('passes tool_choice %s through as %j', (choice, expected) => {
    const body = JSON.parse(
      openAiChatBody('m', {
        messages: [{ role: 'user', content: 'x' }],
        tools: [{ name: 't', description: 'd', parameters: {} }],
        toolChoice: choice,
        config: {},
      }),
    ) as { tool_choice?: unknown };
    expect(body.tool_choice).toBe(expected);
  });

  it('omits tool_choice when there are no tools', () => {
    const body = JSON.parse(
      openAiChatBody('m', {
        messages: [{ role: 'user', content: 'x' }],
        tools: [],
        toolChoice: 'required',
        config: {},
      }),
    ) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(['messages', 'model']);
  });
});
