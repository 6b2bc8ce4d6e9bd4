import { afterEach } from 'vitest';
import type { ModelApi } from '../../src/core/model/model-api.js';
import { startFaultServer } from './fault-server.js';
import type { FaultServer, FaultServerOptions } from './fault-server.js';

/** Starts fault servers and keeps models for a test, and closes them all after it. */
export interface EndpointHarness {
  /** Starts a fault server that is closed after the test. */
  readonly serve: (options?: FaultServerOptions) => Promise<FaultServer>;
  /** Closes `model` after the test (before the servers); returns it. */
  readonly closeAfterTest: <M extends ModelApi>(model: M) => M;
}

/** An endpoint harness for every test of the enclosing suite. */
export function useEndpointHarness(): EndpointHarness {
  const servers: FaultServer[] = [];
  const models: ModelApi[] = [];
  afterEach(async () => {
    await Promise.all(models.splice(0).map((model) => model.close?.() ?? Promise.resolve()));
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });
  return {
    serve: async (options = {}) => {
      const server = await startFaultServer(options);
      servers.push(server);
      return server;
    },
    closeAfterTest: (model) => {
      models.push(model);
      return model;
    },
  };
}
