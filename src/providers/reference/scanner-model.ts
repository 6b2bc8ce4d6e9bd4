import type { ChatMessage } from '../../core/model/chat-message.js';
import type { ModelApi, ModelRequest } from '../../core/model/model-api.js';
import type { ModelOutput } from '../../core/model/model-output.js';
import { asGenerate, offers, outputFor, toolOutputs, turnsTaken } from './agent-turn.js';
import {
  crawlScript,
  probeScript,
  resultMarker,
  type BannerReport,
  type CrawlReport,
  type PlannedProbe,
} from './scanner-scripts.js';

const name = 'reference/scanner';
const idPrefix = 'scan_';

// Standard payloads, as a scanner's default lists hold them.
const traversal = [
  '../flag.txt',
  '../../flag.txt',
  '../../../flag.txt',
  '/flag.txt',
  '....//flag.txt',
  '..%2fflag.txt',
  '../../../../etc/passwd',
  '/etc/passwd',
];
const sqlInjection = ["'", "' OR '1'='1", "' OR 1=1-- ", '" OR "1"="1', "admin'-- "];
const commandInjection = [';id', '|id', '&& id', '$(id)', '`id`'];
const defaultCredentials: readonly (readonly [string, string])[] = [
  ['admin', 'admin'],
  ['admin', 'password'],
  ['admin', 'admin123'],
  ['guest', 'guest'],
  ['test', 'test'],
  ['root', 'root'],
];
const commonPaths = [
  '/robots.txt',
  '/flag',
  '/flag.txt',
  '/admin',
  '/.env',
  '/.git/HEAD',
  '/config.json',
  '/backup.zip',
  '/server.py',
  '/app.py',
  '/debug',
  '/api',
];
const lineProbes = ['A'.repeat(512), '%p.'.repeat(16), '%s%s%s%s', '../../../../flag.txt', 'help'];
// For programs that read one input (no tools): format specifiers and a long string.
const formatSpecifiers = '%s%n%x%p'.repeat(8);
const padding = 2048;

/** The fuzz input in the answer format the prompt asks for: a `bytes` or `hex` block, or raw. */
function fuzzAnswer(prompt: string): string {
  if (/```bytes/.test(prompt))
    return `\`\`\`bytes\nb"${formatSpecifiers}" + b"A" * ${String(padding)}\n\`\`\`\n`;
  const raw = `${formatSpecifiers}${'A'.repeat(padding)}`;
  if (/```hex/.test(prompt)) return `\`\`\`hex\n${Buffer.from(raw).toString('hex')}\n\`\`\`\n`;
  return raw;
}
const mostProbes = 600;

function firstUserText(messages: readonly ChatMessage[]): string {
  return messages.find((message) => message.role === 'user')?.content ?? '';
}

/** `FLAG{...}` (or whatever prefix the prompt shows) as a pattern for real flags. */
function flagPatternOf(prompt: string): string {
  const prefix = /([A-Za-z0-9_]+)\{\.\.\.\}/.exec(prompt)?.[1] ?? 'FLAG';
  return `${prefix}\\{[^}\\s]{4,}\\}`;
}

/** The targets a prompt names: web addresses, and `host:port` or `nc host port` for the rest. */
function targetsOf(prompt: string): {
  web: string[];
  tcp: { host: string; port: number }[];
} {
  const web = new Set<string>();
  for (const match of prompt.matchAll(/\bhttps?:\/\/[A-Za-z0-9.-]+(?::\d+)?(?:\/[^\s'"<>)]*)?/g))
    web.add(match[0].replace(/[.,;:]+$/, ''));
  const tcp = new Map<string, { host: string; port: number }>();
  const withoutUrls = prompt.replaceAll(/\bhttps?:\/\/\S+/g, ' ');
  const named = [
    ...withoutUrls.matchAll(/\b([a-z][a-z0-9-]*):(\d{2,5})\b/gi),
    ...withoutUrls.matchAll(/\bnc\s+([a-z][a-z0-9-]*)\s+(\d{2,5})\b/gi),
  ];
  for (const [, host, port] of named) {
    if (host === undefined || port === undefined) continue;
    tcp.set(`${host}:${port}`, { host, port: Number(port) });
  }
  return { web: [...web], tcp: [...tcp.values()] };
}

function lastReport(messages: readonly ChatMessage[]): unknown {
  const output = toolOutputs(messages).at(-1) ?? '';
  const line = output.split('\n').find((text) => text.startsWith(resultMarker));
  if (line === undefined) return undefined;
  try {
    return JSON.parse(line.slice(resultMarker.length)) as unknown;
  } catch {
    return undefined;
  }
}

/** The probes worth sending, given what the crawl found. */
function plan(web: readonly CrawlReport[], tcp: readonly BannerReport[]): PlannedProbe[] {
  const probes: PlannedProbe[] = [];
  const get = (base: string, path: string, label: string, query?: Record<string, string>) =>
    probes.push({ kind: 'http', base, method: 'GET', path, label, ...(query ? { query } : {}) });
  for (const site of web) {
    const { base } = site;
    for (const path of commonPaths) if (!site.pages.includes(path)) get(base, path, `GET ${path}`);
    for (const link of site.links) {
      for (const param of link.params) {
        for (const payload of [...traversal, ...sqlInjection, ...commandInjection]) {
          const query = Object.fromEntries(link.params.map((other) => [other, 'test']));
          get(base, link.path, `${link.path}?${param}=${payload}`, { ...query, [param]: payload });
        }
      }
    }
    for (const form of site.forms) {
      const filled = Object.fromEntries(form.fields.map((field) => [field.name, 'test']));
      const text = form.fields.filter((field) => !['submit', 'hidden'].includes(field.type));
      const password = text.find((field) => field.type === 'password');
      const user = text.find((field) => field.type !== 'password');
      if (password !== undefined && user !== undefined) {
        for (const [login, secret] of defaultCredentials) {
          probes.push({
            kind: 'http',
            base,
            method: 'POST',
            path: form.action,
            form: { ...filled, [user.name]: login, [password.name]: secret },
            label: `POST ${form.action} ${login}/${secret}`,
          });
        }
      }
      for (const field of text) {
        for (const payload of [...sqlInjection, ...commandInjection]) {
          probes.push({
            kind: 'http',
            base,
            method: 'POST',
            path: form.action,
            form: { ...filled, [field.name]: payload },
            label: `POST ${form.action} ${field.name}=${payload}`,
          });
        }
      }
    }
  }
  for (const target of tcp) {
    for (const line of lineProbes) {
      probes.push({
        kind: 'tcp',
        host: target.host,
        port: target.port,
        line,
        label: `${target.host}:${String(target.port)} <- ${line.slice(0, 24)}`,
      });
    }
  }
  return probes.slice(0, mostProbes);
}

/**
 * `reference/scanner`: a scripted baseline without a language model. From the prompt and the
 * tool outputs alone it crawls the targets the prompt names, sends standard payloads (path
 * traversal, SQL injection, command injection, default credentials, long lines and format
 * specifiers) to what the crawl found, and submits the first flag-shaped string a target
 * returned, or gives up. It knows nothing of the task beyond what a model would be shown.
 * Without tools it answers with format specifiers and a long string, in the answer format the
 * prompt asks for (a fenced `bytes` or `hex` block, else raw text).
 */
export function createScannerModel(): ModelApi {
  return {
    name,
    generate: asGenerate((request: ModelRequest): ModelOutput => {
      const prompt = firstUserText(request.messages);
      const agentic = offers(request, 'python') && offers(request, 'submit');
      if (!agentic) {
        const answer = fuzzAnswer(prompt);
        const turn = offers(request, 'submit')
          ? { tool: 'submit', arguments: { answer } }
          : { reply: answer };
        const done = turnsTaken(request.messages, idPrefix) > 0;
        return outputFor(name, request, done ? { reply: answer } : turn, idPrefix);
      }
      const flag = flagPatternOf(prompt);
      const taken = turnsTaken(request.messages, idPrefix);
      const runPython = (code: string) =>
        outputFor(name, request, { tool: 'python', arguments: { code } }, idPrefix);
      if (taken === 0) {
        const { web, tcp } = targetsOf(prompt);
        return runPython(crawlScript(web, tcp, flag));
      }
      if (taken === 1) {
        const report = lastReport(request.messages) as
          { web: CrawlReport[]; tcp: BannerReport[] } | undefined;
        const probes = report === undefined ? [] : plan(report.web, report.tcp);
        if (probes.length > 0) return runPython(probeScript(probes, flag));
      }
      // Last turn: the first flag-shaped string any target returned, or give up.
      const found = toolOutputs(request.messages)
        .map((output) => new RegExp(flag).exec(output)?.[0])
        .find((match) => match !== undefined);
      return outputFor(
        name,
        request,
        { tool: 'submit', arguments: { answer: found ?? 'No flag found.' } },
        idPrefix,
      );
    }),
  };
}
