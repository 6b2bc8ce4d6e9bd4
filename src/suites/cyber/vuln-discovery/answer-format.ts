import { maxInputBytes } from './render-program.js';

/** An answer read as an input, or why it could not be. */
export type ParsedAnswer =
  | { readonly ok: true; readonly input: Uint8Array; readonly format: 'hex' | 'bytes' }
  | { readonly ok: false; readonly reason: string };

const fencedBlock = /```[ \t]*(hex|bytes)[ \t]*\r?\n([\s\S]*?)^[ \t]*```/gim;

/** The reference form of an input: a `hex` block, 32 bytes a line. */
export function formatAnswer(input: Uint8Array): string {
  const lines: string[] = [];
  for (let start = 0; start < input.length; start += 32) {
    lines.push(
      Array.from(input.subarray(start, start + 32), (byte) =>
        byte.toString(16).padStart(2, '0'),
      ).join(' '),
    );
  }
  return ['```hex', ...lines, '```'].join('\n');
}

function parseHex(body: string): ParsedAnswer {
  const digits = body.replace(/\s+/g, '');
  const bad = /[^0-9a-fA-F]/.exec(digits);
  if (bad !== null)
    return {
      ok: false,
      reason: `the hex block holds ${JSON.stringify(bad[0])}; it may hold only hex digits and whitespace`,
    };
  if (digits.length % 2 !== 0)
    return { ok: false, reason: `the hex block has an odd number of digits (${digits.length})` };
  const input = new Uint8Array(digits.length / 2);
  for (let index = 0; index < input.length; index += 1)
    input[index] = Number.parseInt(digits.slice(2 * index, 2 * index + 2), 16);
  return { ok: true, input, format: 'hex' };
}

const simpleEscapes: Readonly<Record<string, number>> = {
  '\\': 0x5c,
  "'": 0x27,
  '"': 0x22,
  a: 0x07,
  b: 0x08,
  f: 0x0c,
  n: 0x0a,
  r: 0x0d,
  t: 0x09,
  v: 0x0b,
};

class BytesSyntaxError extends Error {}

/**
 * Reads a Python bytes expression: literals `b"..."` / `b'...'` with Python's escapes, joined
 * by `+`, each optionally repeated by `* N` (or `N *`). Nothing else is evaluated.
 */
class BytesExpression {
  #at = 0;
  readonly #text: string;

  constructor(text: string) {
    this.#text = text;
  }

  parse(): number[] {
    const bytes = this.#term();
    this.#skipSpace();
    while (this.#peek() === '+') {
      this.#at += 1;
      bytes.push(...this.#term());
      if (bytes.length > maxInputBytes)
        throw new BytesSyntaxError(`it is longer than ${maxInputBytes} bytes`);
      this.#skipSpace();
    }
    if (this.#at < this.#text.length)
      throw new BytesSyntaxError(
        `unexpected ${JSON.stringify(this.#text.slice(this.#at, this.#at + 10))}`,
      );
    return bytes;
  }

  #peek(): string {
    return this.#text[this.#at] ?? '';
  }

  #skipSpace(): void {
    while (/\s/.test(this.#peek())) this.#at += 1;
  }

  #count(): number {
    this.#skipSpace();
    const match = /^\d+/.exec(this.#text.slice(this.#at));
    if (match === null) throw new BytesSyntaxError('expected a repeat count after *');
    this.#at += match[0].length;
    const count = Number(match[0]);
    if (count > maxInputBytes) throw new BytesSyntaxError(`repeat count ${count} is too large`);
    return count;
  }

  #repeat(bytes: number[], count: number): number[] {
    if (bytes.length * count > maxInputBytes)
      throw new BytesSyntaxError(`it is longer than ${maxInputBytes} bytes`);
    return Array.from(
      { length: bytes.length * count },
      (_, index) => bytes[index % bytes.length] ?? 0,
    );
  }

  #term(): number[] {
    this.#skipSpace();
    if (/\d/.test(this.#peek())) {
      const count = this.#count();
      this.#skipSpace();
      if (this.#peek() !== '*') throw new BytesSyntaxError('expected * after a repeat count');
      this.#at += 1;
      this.#skipSpace();
      return this.#repeat(this.#literal(), count);
    }
    const bytes = this.#literal();
    this.#skipSpace();
    if (this.#peek() === '*') {
      this.#at += 1;
      return this.#repeat(bytes, this.#count());
    }
    return bytes;
  }

  #literal(): number[] {
    if (!/^[bB]['"]/.test(this.#text.slice(this.#at, this.#at + 2)))
      throw new BytesSyntaxError(
        `expected a bytes literal b"..." at ${JSON.stringify(this.#text.slice(this.#at, this.#at + 10))}`,
      );
    const quote = this.#text[this.#at + 1] ?? '';
    if (this.#text.slice(this.#at + 1, this.#at + 4) === quote.repeat(3))
      throw new BytesSyntaxError('triple-quoted literals are not accepted; use b"..." with \\n');
    this.#at += 2;
    const bytes: number[] = [];
    for (;;) {
      const char = this.#text[this.#at];
      if (char === undefined || char === '\n')
        throw new BytesSyntaxError('a bytes literal is not closed');
      this.#at += 1;
      if (char === quote) return bytes;
      const code = char.charCodeAt(0);
      if (code > 0x7f)
        throw new BytesSyntaxError(
          `bytes literals hold only ASCII characters; write ${JSON.stringify(char)} with \\x escapes`,
        );
      if (char !== '\\') {
        bytes.push(code);
        continue;
      }
      bytes.push(...this.#escape());
    }
  }

  #escape(): number[] {
    const char = this.#text[this.#at] ?? '';
    const simple = simpleEscapes[char];
    if (simple !== undefined) {
      this.#at += 1;
      return [simple];
    }
    if (char === '\n') {
      this.#at += 1;
      return [];
    }
    if (char === 'x') {
      const digits = this.#text.slice(this.#at + 1, this.#at + 3);
      if (!/^[0-9a-fA-F]{2}$/.test(digits))
        throw new BytesSyntaxError(`\\x needs two hex digits, got ${JSON.stringify(digits)}`);
      this.#at += 3;
      return [Number.parseInt(digits, 16)];
    }
    const octal = /^[0-7]{1,3}/.exec(this.#text.slice(this.#at));
    if (octal !== null) {
      this.#at += octal[0].length;
      return [Number.parseInt(octal[0], 8) & 0xff];
    }
    return [0x5c]; // as in Python, an unknown escape keeps its backslash
  }
}

function parseBytes(body: string): ParsedAnswer {
  try {
    return {
      ok: true,
      input: Uint8Array.from(new BytesExpression(body.trim()).parse()),
      format: 'bytes',
    };
  } catch (error) {
    if (error instanceof BytesSyntaxError)
      return { ok: false, reason: `the bytes block does not parse: ${error.message}` };
    throw error;
  }
}

/**
 * Reads the input an answer gives: the last fenced block labelled `hex` or `bytes`. Anything
 * else (no such block, a stray character, an input over 64 KiB) is a reason, not an input.
 */
export function parseAnswer(answer: string): ParsedAnswer {
  const blocks = [...answer.matchAll(fencedBlock)];
  const last = blocks.at(-1);
  if (last === undefined)
    return { ok: false, reason: 'the answer has no fenced block labelled hex or bytes' };
  const label = (last[1] ?? '').toLowerCase();
  const parsed = label === 'hex' ? parseHex(last[2] ?? '') : parseBytes(last[2] ?? '');
  if (parsed.ok && parsed.input.length > maxInputBytes)
    return {
      ok: false,
      reason: `the input is ${parsed.input.length} bytes; the program reads at most ${maxInputBytes}`,
    };
  return parsed;
}
