import type { ModelApi } from '../../core/model/model-api.js';
import type { HttpTransport } from '../http/http-transport.js';
import { createHttpModel } from '../http/http-model.js';
import { listedModelIds } from '../http/listed-model-ids.js';
import { openAiChatBody } from './openai-chat-request.js';
import { parseOpenAiChatResponse } from './openai-chat-response.js';

/** Where and how to reach an OpenAI-compatible server (OpenAI, vLLM, llama.cpp, Ollama, ...). */
export interface OpenAiSettings {
  readonly model: string;
  /** Up to and including `/v1`, e.g. `http://127.0.0.1:8000/v1`. */
  readonly baseUrl: string;
  readonly apiKey: string | undefined;
  readonly keySource: string;
  readonly timeoutMs: number;
  readonly transport: HttpTransport;
}

/** `openai/<model>`: the Chat Completions API, with tools. */
export function createOpenAiChatModel(settings: OpenAiSettings): ModelApi {
  const base = settings.baseUrl.replace(/\/+$/, '');
  return createHttpModel({
    name: `openai/${settings.model}`,
    endpoint: {
      provider: 'openai',
      baseUrl: base,
      model: settings.model,
      keySource: settings.keySource,
      secrets: [settings.apiKey],
    },
    transport: settings.transport,
    generateUrl: `${base}/chat/completions`,
    modelsUrl: `${base}/models`,
    headers: {
      'content-type': 'application/json',
      ...(settings.apiKey === undefined ? {} : { authorization: `Bearer ${settings.apiKey}` }),
    },
    timeoutMs: settings.timeoutMs,
    encode: (request) => openAiChatBody(settings.model, request),
    decode: (body) => parseOpenAiChatResponse(body, settings.model),
    listedModels: listedModelIds,
  });
}
