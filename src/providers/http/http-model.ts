import { ModelApiError } from '../../core/errors/model-api-error.js';
import type { ModelApi, ModelCallOptions, ModelRequest } from '../../core/model/model-api.js';
import type { ModelOutput } from '../../core/model/model-output.js';
import {
  classifyHttpFailure,
  classifyNetworkFailure,
  malformedResponse,
  type EndpointIdentity,
} from './classify-failure.js';
import type { HttpResponse, HttpTransport } from './http-transport.js';

/** What distinguishes one HTTP model API from another. */
export interface HttpModelSpec {
  /** `provider/model`. */
  readonly name: string;
  readonly endpoint: EndpointIdentity;
  readonly transport: HttpTransport;
  readonly generateUrl: string;
  /** Lists models; used by the preflight check. */
  readonly modelsUrl: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  encode(request: ModelRequest): string;
  /** The output, or what is wrong with the body. */
  decode(body: string): ModelOutput | string;
  /** Model ids in a models-list body, or undefined when it cannot tell. */
  listedModels(body: string): readonly string[] | undefined;
}

async function send(
  spec: HttpModelSpec,
  method: 'GET' | 'POST',
  url: string,
  body: string | undefined,
  signal: AbortSignal | undefined,
): Promise<HttpResponse> {
  try {
    return await spec.transport.request(method, url, body, {
      headers: spec.headers,
      timeoutMs: spec.timeoutMs,
      ...(signal === undefined ? {} : { signal }),
    });
  } catch (error) {
    if (signal?.aborted === true) throw error;
    throw classifyNetworkFailure(error, spec.endpoint);
  }
}

/** A ModelApi over JSON-over-HTTP: typed failures, validated responses, a preflight check. */
export function createHttpModel(spec: HttpModelSpec): ModelApi {
  const { endpoint } = spec;
  return {
    name: spec.name,
    async generate(request: ModelRequest, options?: ModelCallOptions): Promise<ModelOutput> {
      const response = await send(
        spec,
        'POST',
        spec.generateUrl,
        spec.encode(request),
        options?.signal,
      );
      if (response.status !== 200) throw classifyHttpFailure(response, endpoint);
      const output = spec.decode(response.body);
      if (typeof output === 'string') throw malformedResponse(response, endpoint, output);
      return output;
    },
    async preflight(options?: ModelCallOptions): Promise<void> {
      let response: HttpResponse;
      try {
        response = await send(spec, 'GET', spec.modelsUrl, undefined, options?.signal);
      } catch (error) {
        if (error instanceof ModelApiError) {
          throw new ModelApiError(
            `cannot reach ${endpoint.provider} at ${endpoint.baseUrl}: ${error.message}`,
            {
              provider: endpoint.provider,
              reason: 'connection',
              isRetryable: false,
              stopsRun: true,
              hint: 'check the base URL (--base-url) and that the server is running',
            },
          );
        }
        throw error;
      }
      if (response.status === 404 || response.status === 405) return; // a server without a models list
      if (response.status !== 200) throw classifyHttpFailure(response, endpoint);
      const models = spec.listedModels(response.body);
      if (models !== undefined && models.length > 0 && !models.includes(endpoint.model)) {
        throw new ModelApiError(
          `${endpoint.provider} at ${endpoint.baseUrl} does not serve model "${endpoint.model}"`,
          {
            provider: endpoint.provider,
            reason: 'not_found',
            isRetryable: false,
            stopsRun: true,
            hint: `it lists: ${models.slice(0, 8).join(', ')}${models.length > 8 ? ', ...' : ''}`,
          },
        );
      }
    },
    close: () => spec.transport.close(),
  };
}
