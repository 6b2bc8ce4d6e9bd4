import { setTimeout as sleep } from 'node:timers/promises';
import { lastUserText } from '../../src/core/model/chat-message.js';
import type { ModelApi, ModelCallOptions, ModelRequest } from '../../src/core/model/model-api.js';
import type { ModelOutput } from '../../src/core/model/model-output.js';

/** A model whose reply is computed from the request, with a delay, that counts its calls. */
export class FakeModel implements ModelApi {
  readonly name = 'fake/model';
  inFlight = 0;
  peakInFlight = 0;
  calls = 0;
  readonly requests: ModelRequest[] = [];
  readonly options: (ModelCallOptions | undefined)[] = [];

  readonly #reply: (prompt: string, request: ModelRequest) => string | Error;
  readonly #delayMs: number;

  constructor(
    reply: (prompt: string, request: ModelRequest) => string | Error = (prompt) => prompt,
    delayMs = 0,
  ) {
    this.#reply = reply;
    this.#delayMs = delayMs;
  }

  async generate(request: ModelRequest, options?: ModelCallOptions): Promise<ModelOutput> {
    this.calls += 1;
    this.requests.push(request);
    this.options.push(options);
    this.inFlight += 1;
    this.peakInFlight = Math.max(this.peakInFlight, this.inFlight);
    try {
      if (this.#delayMs > 0)
        await sleep(this.#delayMs, undefined, options?.signal ? { signal: options.signal } : {});
      options?.signal?.throwIfAborted();
      const reply = this.#reply(lastUserText(request.messages), request);
      if (reply instanceof Error) throw reply;
      return {
        model: this.name,
        message: { role: 'assistant', content: reply },
        stopReason: 'stop',
        usage: { inputTokens: 10, outputTokens: 2, totalTokens: 12 },
      };
    } finally {
      this.inFlight -= 1;
    }
  }
}
