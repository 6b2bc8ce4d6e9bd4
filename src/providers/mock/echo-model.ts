import { lastUserText } from '../../core/model/chat-message.js';
import type { ModelApi, ModelCallOptions, ModelRequest } from '../../core/model/model-api.js';
import type { ModelOutput } from '../../core/model/model-output.js';
import { estimateUsage } from './estimate-tokens.js';

/** `mock/echo`: answers with the last user message, verbatim. */
export function createEchoModel(): ModelApi {
  return {
    name: 'mock/echo',
    generate(request: ModelRequest, options?: ModelCallOptions): Promise<ModelOutput> {
      options?.signal?.throwIfAborted();
      const content = lastUserText(request.messages);
      return Promise.resolve({
        model: 'mock/echo',
        message: { role: 'assistant', content },
        stopReason: 'stop',
        usage: estimateUsage(request.messages, content),
      });
    },
  };
}
