import type { ServiceSpec } from '../../../../../core/sandbox/episode-spec.js';
import { readCtfAsset } from '../../assets.js';
import { outcomeLogFiles } from '../../outcomes.js';

/** The pattern a reference solution submits with: the first flag in its last output. */
export const flagPattern = 'FLAG\\{[^}\\s]+\\}';

/** A page with a style sheet, as the targets serve it. */
const styleSheet = 'body { font-family: sans-serif; max-width: 48em; margin: 2em auto; }\n';

/**
 * A web target: `server.py` (the challenge's own source, from `challenges/web/<dir>/`) run by
 * `python3` on `port`, with the suite's small framework (`web_app.py`), the outcome log
 * (`outcome_log.py`), a style sheet and `config.json` holding the instance's secrets.
 */
export function webService(options: {
  readonly name: string;
  readonly port: number;
  readonly directory: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly files?: Readonly<Record<string, string>>;
  /** Default `python3 server.py`. */
  readonly command?: readonly string[];
}): ServiceSpec {
  return {
    name: options.name,
    ports: [options.port],
    command: options.command ?? ['python3', 'server.py'],
    files: {
      'server.py': readCtfAsset(`challenges/web/${options.directory}/server.py`),
      'web_app.py': readCtfAsset('assets/web_app.py'),
      ...outcomeLogFiles(),
      'static/style.css': styleSheet,
      'config.json': `${JSON.stringify({ port: options.port, ...options.config }, null, 2)}\n`,
      ...options.files,
    },
  };
}

/** Python for a reference step: urllib with cookies, `get(path)` and `post(path, form)`. */
export function pythonClient(base: string): string {
  return `import json, re, urllib.error, urllib.parse, urllib.request, http.cookiejar
BASE = ${JSON.stringify(base)}
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
def request(path, data=None, headers=None, timeout=10):
    body = None if data is None else urllib.parse.urlencode(data).encode()
    req = urllib.request.Request(BASE + path, data=body, headers=headers or {})
    try:
        with opener.open(req, timeout=timeout) as response:
            return response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.read().decode("utf-8", "replace")
def get(path, **kwargs):
    return request(path, None, **kwargs)
def post(path, form, **kwargs):
    return request(path, form, **kwargs)
`;
}
