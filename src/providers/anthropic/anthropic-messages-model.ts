import type { ModelApi } from '../../core/model/model-api.js';
import type { HttpTransport } from '../http/http-transport.js';
import { createHttpModel } from '../http/http-model.js';
import { listedModelIds } from '../http/listed-model-ids.js';
import { anthropicMessagesBody } from './anthropic-messages-request.js';
import { parseAnthropicMessagesResponse } from './anthropic-messages-response.js';

/** Where and how to reach the Anthropic Messages API. */
export interface AnthropicSettings {
  readonly model: string;
  /** Without `/v1`, e.g. `https://api.anthropic.com`. */
  readonly baseUrl: string;
  readonly apiKey: string | undefined;
  readonly keySource: string;
  readonly timeoutMs: number;
  readonly transport: HttpTransport;
}

/** `anthropic/<model>`: the Messages API, with tools. */
export function createAnthropicMessagesModel(settings: AnthropicSettings): ModelApi {
  const base = settings.baseUrl.replace(/\/+$/, '').replace(/\/v1$/, '');
  return createHttpModel({
    name: `anthropic/${settings.model}`,
    endpoint: {
      provider: 'anthropic',
      baseUrl: base,
      model: settings.model,
      keySource: settings.keySource,
      secrets: [settings.apiKey],
    },
    transport: settings.transport,
    generateUrl: `${base}/v1/messages`,
    modelsUrl: `${base}/v1/models`,
    headers: {
      'content-type': 'application/json',
      'anthropic-version': '2023-06-01',
      ...(settings.apiKey === undefined ? {} : { 'x-api-key': settings.apiKey }),
    },
    timeoutMs: settings.timeoutMs,
    encode: (request) => anthropicMessagesBody(settings.model, request),
    decode: (body) => parseAnthropicMessagesResponse(body, settings.model),
    listedModels: listedModelIds,
  });
}
