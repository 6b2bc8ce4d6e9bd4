/**
 * The intermediate form of a generated input parser. One value of it is rendered to C
 * (`render-program.ts`) and evaluated in TypeScript (`evaluate-parser.ts`); both give it the
 * same meaning, so an input's depth and whether it fires the bug are known without a compiler.
 *
 * Arithmetic is that of C's `uint32_t`: every value is in 0 .. 2^32 - 1 and wraps.
 */

/** Bytes of an integer field in the input. */
export type Width = 1 | 2 | 4;
export type Endian = 'le' | 'be';

/** Checksums over a byte range, as the C helpers of the same name compute them. */
export const checksumAlgorithms = ['sum8', 'xor8', 'sum16', 'fletcher16'] as const;
export type ChecksumAlgorithm = (typeof checksumAlgorithms)[number];

export type BinaryOperator = '+' | '-' | '^' | '&' | '*';
export type Comparison = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** A `uint32_t` expression over the fields read so far. */
export type Expr =
  | { readonly kind: 'const'; readonly value: number }
  | { readonly kind: 'field'; readonly name: string }
  /** The input's length in bytes. */
  | { readonly kind: 'size' }
  /** The parser's cursor when the expression is evaluated. */
  | { readonly kind: 'position' }
  | {
      readonly kind: 'binary';
      readonly op: BinaryOperator;
      readonly left: Expr;
      readonly right: Expr;
    }
  /** A checksum of `input[from .. to)` (clamped to the input). */
  | {
      readonly kind: 'checksum';
      readonly algorithm: ChecksumAlgorithm;
      readonly from: Expr;
      readonly to: Expr;
    };

export interface Condition {
  readonly left: Expr;
  readonly op: Comparison;
  readonly right: Expr;
}

/** The planted bug classes. */
export const bugClasses = [
  'stack-buffer-overflow',
  'heap-buffer-overflow',
  'off-by-one',
  'integer-overflow',
  'format-string',
  'use-after-free',
  'double-free',
] as const;
export type BugClass = (typeof bugClasses)[number];

/**
 * The vulnerable code at the end of a parser. Each reads its payload at the cursor behind a
 * guard that the input must pass (the payload is there); the bug fires on a condition of the
 * named fields.
 */
export type Sink =
  /** Copies `length` bytes into a stack array of `capacity`: fires when length > capacity. */
  | {
      readonly bug: 'stack-buffer-overflow';
      readonly length: string;
      readonly capacity: number;
      readonly copy: 'memcpy' | 'loop';
    }
  /** Copies `length` bytes into `malloc(capacity)`: fires when length > capacity. */
  | {
      readonly bug: 'heap-buffer-overflow';
      readonly length: string;
      /** A constant, or a field of the input (then the guard also asks 1 .. 4096). */
      readonly capacity: number | string;
      readonly copy: 'memcpy' | 'loop';
    }
  /** Checks length <= capacity, copies, then writes a terminator at [length]: fires when equal. */
  | { readonly bug: 'off-by-one'; readonly length: string; readonly capacity: number }
  /** Allocates count * elementSize bytes in 32 bits and copies count elements: fires on a wrap. */
  | { readonly bug: 'integer-overflow'; readonly count: string; readonly elementSize: number }
  /**
   * Uses an input label as a format whose conversions read from an array of as many values as
   * `argumentFields`: fires when the label has more `%u`/`%x` than that.
   */
  | {
      readonly bug: 'format-string';
      readonly length: string;
      readonly argumentFields: readonly string[];
    }
  /** Frees a session when `operation == closeCode`, then reads it: fires on that code. */
  | {
      readonly bug: 'use-after-free';
      readonly operation: string;
      readonly closeCode: number;
      readonly sessionSize: number;
    }
  /** Frees a body early when `kind == abortCode` and again at the end: fires on that code. */
  | {
      readonly bug: 'double-free';
      readonly kind: string;
      readonly abortCode: number;
      readonly length: string;
    };

/**
 * One step of a parser. `check` and `seek` are the stages an input passes one by one (the
 * program prints `check N passed` after each); the others cannot be failed except by a read
 * past the end of the input.
 */
export type Statement =
  /** Reads an unsigned integer at the cursor and moves past it. */
  | {
      readonly kind: 'read';
      readonly field: string;
      readonly width: Width;
      readonly endian: Endian;
    }
  /** Stores the cursor in a field. */
  | { readonly kind: 'mark'; readonly field: string }
  /** A stage: every condition must hold. `note` becomes a C comment. */
  | { readonly kind: 'check'; readonly conditions: readonly Condition[]; readonly note: string }
  /**
   * A stage: walks records `tag (1 byte), length (lengthWidth bytes), body` from the cursor up
   * to `end` until one has `tag`; its length goes to `lengthField`, the cursor to its body,
   * which must fit before `end`.
   */
  | {
      readonly kind: 'seek';
      readonly tag: number;
      readonly lengthField: string;
      readonly lengthWidth: 1 | 2;
      readonly endian: Endian;
      readonly end: Expr;
      readonly note: string;
    }
  | { readonly kind: 'sink'; readonly sink: Sink };

/** A whole parser: a C function `name(data, size)` returning 0 when it accepts the input. */
export interface ParserProgram {
  readonly name: string;
  /** One line on what the function parses, for its C comment. */
  readonly summary: string;
  /** Every field, in the order they are declared in C. */
  readonly fields: readonly string[];
  readonly statements: readonly Statement[];
}

/** How many stages (checks and seeks) a parser has. */
export function stageCount(program: ParserProgram): number {
  return program.statements.filter(
    (statement) => statement.kind === 'check' || statement.kind === 'seek',
  ).length;
}
