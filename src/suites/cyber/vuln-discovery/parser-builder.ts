import type {
  Condition,
  Endian,
  Expr,
  ParserProgram,
  Sink,
  Statement,
  Width,
} from './parser-ir.js';

/** Locals of the generated C function and its sinks: a field may not take these names. */
const reserved = new Set([
  'data', 'length', 'size', 'pos', 'i', 'name', 'buffer', 'text', 'bytes', 'table', 'label',
  'line', 'args', 'session', 'closed', 'digest', 'body', 'status',
]); // prettier-ignore

/** Where a field's value sits in the reference input. */
export interface FieldLayout {
  readonly offset: number;
  readonly width: Width;
  readonly endian: Endian;
}

interface Deferred {
  readonly offset: number;
  readonly width: Width;
  readonly endian: Endian;
  /** Lengths are filled in before checksums, so a checksum covers the final lengths. */
  readonly phase: 'length' | 'checksum';
  readonly compute: (bytes: readonly number[]) => number;
}

function encode(value: number, width: Width, endian: Endian): number[] {
  const bytes = Array.from({ length: width }, (_, index) => (value >>> (8 * index)) & 0xff);
  return endian === 'le' ? bytes : bytes.reverse();
}

/**
 * Builds a parser and its reference input together: every read appends the value the
 * reference holds there, so the reference is laid out in the order the parser reads it.
 * Values known only at the end (lengths, checksums) are deferred and filled in by `finish`.
 */
export class ParserBuilder {
  readonly #statements: Statement[] = [];
  readonly #fields: string[] = [];
  readonly #bytes: number[] = [];
  readonly #deferred: Deferred[] = [];
  readonly #layout: Record<string, FieldLayout> = {};

  /** Bytes of the reference so far: the parser's cursor at this point, for the reference. */
  get offset(): number {
    return this.#bytes.length;
  }

  #declare(field: string): void {
    if (reserved.has(field) || this.#fields.includes(field))
      throw new Error(`field name ${field} is taken`);
    this.#fields.push(field);
  }

  read(field: string, width: Width, endian: Endian, value: number): this {
    if (value < 0 || value >= 2 ** (8 * width))
      throw new RangeError(`${field} = ${value} does not fit ${width} bytes`);
    this.#declare(field);
    this.#statements.push({ kind: 'read', field, width, endian });
    this.#layout[field] = { offset: this.offset, width, endian };
    this.#bytes.push(...encode(value, width, endian));
    return this;
  }

  /** A read whose reference value is computed from the finished reference. */
  readLater(
    field: string,
    width: Width,
    endian: Endian,
    phase: Deferred['phase'],
    compute: Deferred['compute'],
  ): this {
    const offset = this.offset;
    this.read(field, width, endian, 0);
    this.#deferred.push({ offset, width, endian, phase, compute });
    return this;
  }

  mark(field: string): this {
    this.#declare(field);
    this.#statements.push({ kind: 'mark', field });
    return this;
  }

  check(note: string, ...conditions: Condition[]): this {
    this.#statements.push({ kind: 'check', conditions, note });
    return this;
  }

  /**
   * A seek for the record `tag`; appends its header with the length filled in later from
   * `bodyLength` (the caller appends decoy records before, and the body after).
   */
  seek(
    options: {
      readonly tag: number;
      readonly lengthField: string;
      readonly lengthWidth: 1 | 2;
      readonly endian: Endian;
      readonly end: Expr;
      readonly note: string;
    },
    bodyLength: () => number,
  ): this {
    this.#declare(options.lengthField);
    this.#statements.push({ kind: 'seek', ...options });
    this.#bytes.push(options.tag);
    const offset = this.offset;
    this.#bytes.push(...encode(0, options.lengthWidth, options.endian));
    this.#deferred.push({
      offset,
      width: options.lengthWidth,
      endian: options.endian,
      phase: 'length',
      compute: bodyLength,
    });
    return this;
  }

  /** Bytes of the reference the parser consumes without a statement of its own. */
  append(bytes: readonly number[]): this {
    this.#bytes.push(...bytes);
    return this;
  }

  sink(sink: Sink): this {
    this.#statements.push({ kind: 'sink', sink });
    return this;
  }

  /** The parser and its reference input, with deferred values filled in. */
  finish(
    name: string,
    summary: string,
  ): {
    program: ParserProgram;
    reference: Uint8Array;
    layout: Readonly<Record<string, FieldLayout>>;
  } {
    const bytes = [...this.#bytes];
    for (const phase of ['length', 'checksum'] as const) {
      for (const deferred of this.#deferred.filter((entry) => entry.phase === phase)) {
        const value = deferred.compute(bytes);
        if (!Number.isInteger(value) || value < 0 || value >= 2 ** (8 * deferred.width))
          throw new RangeError(`deferred value ${value} does not fit ${deferred.width} bytes`);
        bytes.splice(
          deferred.offset,
          deferred.width,
          ...encode(value, deferred.width, deferred.endian),
        );
      }
    }
    return {
      program: { name, summary, fields: [...this.#fields], statements: [...this.#statements] },
      reference: Uint8Array.from(bytes),
      layout: { ...this.#layout },
    };
  }
}
