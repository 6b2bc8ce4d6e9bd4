import type { JsonSchema } from './json-schema.js';

function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

/** Plain text with `code` spans and blank-line paragraphs, escaped. */
function prose(text: string): string {
  return text
    .split(/\n{2,}/)
    .map(
      (paragraph) => `<p>${escapeHtml(paragraph).replaceAll(/`([^`]+)`/g, '<code>$1</code>')}</p>`,
    )
    .join('');
}

function schemaBlock(schema: unknown): string {
  return `<pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre>`;
}

function anchor(method: string, path: string): string {
  return `${method}-${path}`.replaceAll(/[^A-Za-z0-9]+/g, '-');
}

function operationHtml(path: string, method: string, operation: JsonSchema): string {
  const parameters = (operation.parameters ?? []) as JsonSchema[];
  const actions = (operation['x-vigil-actions'] ?? []) as string[];
  const body = operation.requestBody as
    { content: Record<string, { schema: unknown }> } | undefined;
  const responses = operation.responses as Record<string, JsonSchema>;
  const parts = [
    `<section class="operation" id="${anchor(method, path)}">`,
    `<h3><span class="method ${method}">${method.toUpperCase()}</span> <code>${escapeHtml(path)}</code></h3>`,
    `<p class="summary">${escapeHtml(String(operation.summary))}</p>`,
    prose(typeof operation.description === 'string' ? operation.description : ''),
    `<p class="meta">Access: <strong>${escapeHtml(String(operation['x-vigil-access']))}</strong>${
      actions.length === 0
        ? ''
        : ` · policy actions: ${actions.map((action) => `<code>${escapeHtml(action)}</code>`).join(', ')}`
    }</p>`,
  ];
  if (parameters.length > 0) {
    parts.push(
      '<h4>Parameters</h4><table><tr><th>name</th><th>in</th><th>required</th><th>schema</th></tr>',
      ...parameters.map(
        (parameter) =>
          `<tr><td><code>${escapeHtml(String(parameter.name))}</code></td><td>${escapeHtml(String(parameter.in))}</td><td>${parameter.required === true ? 'yes' : 'no'}</td><td>${schemaBlock(parameter.schema)}</td></tr>`,
      ),
      '</table>',
    );
  }
  if (body !== undefined) {
    parts.push(
      '<h4>Request body (application/json)</h4>',
      schemaBlock(body.content['application/json']?.schema),
    );
  }
  parts.push('<h4>Responses</h4><dl>');
  for (const [status, response] of Object.entries(responses)) {
    const content = response.content as Record<string, { schema: unknown }> | undefined;
    const json = content?.['application/json'];
    parts.push(
      `<dt>${escapeHtml(status)}</dt><dd>${escapeHtml(String(response.description))}${json === undefined ? '' : schemaBlock(json.schema)}</dd>`,
    );
  }
  parts.push('</dl></section>');
  return parts.join('\n');
}

/**
 * The API reference as one HTML page, rendered on the server from the OpenAPI document: no
 * script, no CDN, no web fonts; its only other request is the stylesheet beside it.
 */
export function docsPage(document: JsonSchema): string {
  const info = document.info as { title: string; version: string; description: string };
  const paths = document.paths as Record<string, Record<string, JsonSchema>>;
  const byTag = new Map<string, string[]>();
  const contents = new Map<string, string[]>();
  for (const [path, operations] of Object.entries(paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const tag = ((operation.tags ?? ['Other']) as string[])[0] ?? 'Other';
      byTag.set(tag, [...(byTag.get(tag) ?? []), operationHtml(path, method, operation)]);
      contents.set(tag, [
        ...(contents.get(tag) ?? []),
        `<li><a href="#${anchor(method, path)}"><span class="method ${method}">${method.toUpperCase()}</span> ${escapeHtml(path)}</a></li>`,
      ]);
    }
  }
  const problems = document['x-problem-types'] as Record<string, { status: number; title: string }>;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(info.title)} ${escapeHtml(info.version)}</title>
<link rel="stylesheet" href="/api/docs.css">
</head>
<body>
<header><h1>${escapeHtml(info.title)}</h1><p class="version">version ${escapeHtml(info.version)} · OpenAPI ${escapeHtml(String(document.openapi))} · <a href="/api/openapi.json">openapi.json</a></p>${prose(info.description)}</header>
<nav><h2>Contents</h2>${[...contents.entries()].map(([tag, items]) => `<h3>${escapeHtml(tag)}</h3><ul>${items.join('')}</ul>`).join('')}
<h3><a href="#problems">Problem types</a></h3></nav>
<main>
<section><h2>Signing in</h2>${prose('Browsers sign in with POST /api/auth/login and get an HttpOnly, Secure, SameSite=Strict session cookie and a CSRF token; every request that changes something sends the token as `X-CSRF-Token`. The CLI and workers send an API token: `Authorization: Bearer vgl_…`. Every decision the policy takes, allowed or denied, is recorded in the audit trail.')}</section>
${[...byTag.entries()].map(([tag, operations]) => `<h2>${escapeHtml(tag)}</h2>${operations.join('\n')}`).join('\n')}
<section id="problems"><h2>Problem types</h2>${prose('Every error is an RFC 9457 document (`application/problem+json`) with type, title, status, detail and instance; `hint` says how to proceed and `errors` lists each bad field with how to fix it. Responses never carry a stack trace.')}
<table><tr><th>type</th><th>status</th><th>title</th></tr>${Object.entries(problems)
    .map(
      ([type, problem]) =>
        `<tr><td><code>${escapeHtml(type)}</code></td><td>${problem.status}</td><td>${escapeHtml(problem.title)}</td></tr>`,
    )
    .join('')}</table></section>
</main>
</body>
</html>
`;
}

/** The page's stylesheet: system fonts only. */
export const docsStylesheet = `
:root { color-scheme: light dark; --fg: #1b1f24; --bg: #fdfdfc; --muted: #5b6470; --line: #d8dde3; --code: #f1f3f5; }
@media (prefers-color-scheme: dark) { :root { --fg: #e6e8eb; --bg: #15181c; --muted: #9aa4ae; --line: #2c323a; --code: #1e2329; } }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: var(--fg); background: var(--bg); margin: 0; display: grid; grid-template-columns: 20rem 1fr; }
header { grid-column: 1 / -1; padding: 1.5rem 2rem; border-bottom: 1px solid var(--line); }
nav { padding: 1rem 1.5rem; border-right: 1px solid var(--line); position: sticky; top: 0; align-self: start; max-height: 100vh; overflow: auto; font-size: 13px; }
nav ul { list-style: none; padding: 0; margin: 0 0 1rem; }
nav a { color: inherit; text-decoration: none; }
main { padding: 1rem 2rem 4rem; min-width: 0; }
h1 { margin: 0 0 .25rem; } .version { color: var(--muted); margin: 0; }
.operation { border: 1px solid var(--line); border-radius: 6px; padding: .5rem 1rem; margin: 1rem 0; }
.summary { font-weight: 600; } .meta { color: var(--muted); font-size: 13px; }
.method { display: inline-block; min-width: 3.5rem; font: 700 12px ui-monospace, monospace; }
.get { color: #2f7d32; } .post { color: #1f5fbf; } .put { color: #a05a00; } .delete { color: #b3261e; }
code, pre { font-family: ui-monospace, "SFMono-Regular", Menlo, monospace; font-size: 12.5px; }
pre { background: var(--code); padding: .5rem; overflow: auto; max-height: 24rem; border-radius: 4px; }
table { border-collapse: collapse; width: 100%; } td, th { border-top: 1px solid var(--line); padding: .25rem .5rem; text-align: left; vertical-align: top; }
dt { font-weight: 700; margin-top: .5rem; }
`;
