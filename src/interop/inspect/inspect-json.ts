/**
 * Inspect writes non-finite floats as the JSON constants `NaN`, `Infinity` and `-Infinity`
 * (its "unscored" sentinel is a NaN score value). Strict `JSON.parse` refuses them, so these
 * helpers read and write JSON with the constants, the way Python's `json` module does.
 */

const constants: Readonly<Record<string, number>> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};

function randomToken(): string {
  return `\u0001vigil-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}\u0001`;
}

/** JSON text with every non-finite number written as `NaN`, `Infinity` or `-Infinity`. */
export function toInspectJson(value: unknown): string {
  const marks = { found: false };
  const token = randomToken();
  const text = JSON.stringify(value, (_key, item: unknown) => {
    if (typeof item === 'number' && !Number.isFinite(item)) {
      marks.found = true;
      return `${token}${Number.isNaN(item) ? 'NaN' : item > 0 ? 'Infinity' : '-Infinity'}`;
    }
    return item;
  });
  if (!marks.found) return text;
  // JSON.stringify escapes \u0001 inside strings, so the quoted token is unique to our marks.
  const quoted = JSON.stringify(token).slice(0, -1);
  return text.replaceAll(new RegExp(`${escapeRegExp(quoted)}(NaN|Infinity|-Infinity)"`, 'g'), '$1');
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Parses JSON that may hold the constants `NaN`, `Infinity` and `-Infinity` outside strings.
 * Throws a SyntaxError, like `JSON.parse`, on anything else that is not JSON.
 */
export function parseInspectJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    if (!/NaN|Infinity/.test(text)) throw error;
  }
  const token = randomToken();
  let out = '';
  let start = 0;
  let inString = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (inString) {
      if (char === '\\') index += 1;
      else if (char === '"') inString = false;
      continue;
    }
    if (char === '"') {
      inString = true;
      continue;
    }
    for (const name of ['-Infinity', 'Infinity', 'NaN']) {
      if (text.startsWith(name, index)) {
        out += `${text.slice(start, index)}${JSON.stringify(token + name)}`;
        index += name.length - 1;
        start = index + 1;
        break;
      }
    }
  }
  out += text.slice(start);
  return JSON.parse(out, (_key, item: unknown) =>
    typeof item === 'string' && item.startsWith(token)
      ? (constants[item.slice(token.length)] ?? item)
      : item,
  );
}
