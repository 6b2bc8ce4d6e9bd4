import type { SandboxFile, ServiceSpec } from '../../../../../core/sandbox/episode-spec.js';
import { asset } from './assets.js';

/**
 * A service that serves `files` over HTTP from `/srv/site` (evidence for forensics, a web
 * root for misc): the flag stays in the target and the agent downloads what it analyses.
 */
export function staticSiteService(options: {
  readonly name: string;
  readonly port: number;
  readonly files: Readonly<Record<string, SandboxFile>>;
  /** Answer 404 for directories without an index.html (default: list them). */
  readonly listing?: boolean;
}): ServiceSpec {
  const site: Record<string, SandboxFile> = {};
  for (const [path, contents] of Object.entries(options.files)) site[`site/${path}`] = contents;
  return {
    name: options.name,
    ports: [options.port],
    command: [
      'python3',
      'static_server.py',
      String(options.port),
      ...(options.listing === false ? ['--no-listing'] : []),
    ],
    files: { 'static_server.py': asset('static_server.py'), ...site },
  };
}
