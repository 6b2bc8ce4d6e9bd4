import type {
  ChecksumAlgorithm,
  Condition,
  Endian,
  Expr,
  ParserProgram,
  Sink,
  Statement,
} from './parser-ir.js';
import { stageCount } from './parser-ir.js';

/**
 * What a parser does with one input: how many stages it passed and how it ended —
 * `rejected` (a check failed, a read ran past the end, or the payload guard refused),
 * `accepted` (parsed to the end without the bug) or `triggered` (the planted bug fired).
 */
export interface ParserEvaluation {
  readonly stagesPassed: number;
  readonly totalStages: number;
  readonly outcome: 'rejected' | 'accepted' | 'triggered';
}

/** Most bytes a label may have in the format-string sink (its C buffer holds one more). */
export const labelCapacity = 64;
/** Largest heap capacity a field may ask for in the heap-overflow sink. */
export const maxDeclaredCapacity = 4096;

type SinkOutcome = 'rejected' | 'passed' | 'triggered';

interface Machine {
  readonly data: Uint8Array;
  readonly size: number;
  readonly fields: Map<string, number>;
  position: number;
}

/** A byte of the program's input buffer: zero past the input, as in the C program's buffer. */
function byteAt(machine: Machine, index: number): number {
  return machine.data[index] ?? 0;
}

function readUnsigned(
  bytes: (index: number) => number,
  at: number,
  width: number,
  endian: Endian,
): number {
  let value = 0;
  for (let index = 0; index < width; index += 1) {
    const byte = bytes(endian === 'le' ? at + width - 1 - index : at + index);
    value = (value * 256 + byte) >>> 0;
  }
  return value;
}

/** The C helpers' checksums of `data[from .. min(to, size))`. */
export function checksum(
  algorithm: ChecksumAlgorithm,
  data: Uint8Array,
  from: number,
  to: number,
  size: number,
): number {
  let sum = 0;
  let high = 0;
  for (let index = from; index < to && index < size; index += 1) {
    const byte = data[index] ?? 0;
    switch (algorithm) {
      case 'sum8':
        sum = (sum + byte) & 0xff;
        break;
      case 'xor8':
        sum ^= byte;
        break;
      case 'sum16':
        sum = (sum + byte) & 0xffff;
        break;
      case 'fletcher16':
        sum = (sum + byte) % 255;
        high = (high + sum) % 255;
        break;
    }
  }
  return algorithm === 'fletcher16' ? ((high << 8) | sum) >>> 0 : sum;
}

function field(machine: Machine, name: string): number {
  const value = machine.fields.get(name);
  if (value === undefined) throw new Error(`parser uses field ${name} before reading it`);
  return value;
}

function evaluateExpr(expr: Expr, machine: Machine): number {
  switch (expr.kind) {
    case 'const':
      return expr.value >>> 0;
    case 'field':
      return field(machine, expr.name);
    case 'size':
      return machine.size >>> 0;
    case 'position':
      return machine.position >>> 0;
    case 'binary': {
      const left = evaluateExpr(expr.left, machine);
      const right = evaluateExpr(expr.right, machine);
      switch (expr.op) {
        case '+':
          return (left + right) >>> 0;
        case '-':
          return (left - right) >>> 0;
        case '^':
          return (left ^ right) >>> 0;
        case '&':
          return (left & right) >>> 0;
        case '*':
          return Math.imul(left, right) >>> 0;
      }
      break;
    }
    case 'checksum':
      return checksum(
        expr.algorithm,
        machine.data,
        evaluateExpr(expr.from, machine),
        evaluateExpr(expr.to, machine),
        machine.size,
      );
  }
}

function holds(condition: Condition, machine: Machine): boolean {
  const left = evaluateExpr(condition.left, machine);
  const right = evaluateExpr(condition.right, machine);
  switch (condition.op) {
    case '==':
      return left === right;
    case '!=':
      return left !== right;
    case '<':
      return left < right;
    case '<=':
      return left <= right;
    case '>':
      return left > right;
    case '>=':
      return left >= right;
  }
}

/** Bytes left after the cursor, as the C guards compute `size - pos` in 32 bits. */
function remaining(machine: Machine): number {
  return (machine.size - machine.position) >>> 0;
}

/** How many `%u`/`%x` conversions the program's formatter reads for this label. */
function formatConversions(label: readonly number[]): number {
  let conversions = 0;
  for (let index = 0; index < label.length && label[index] !== 0; index += 1) {
    if (label[index] !== 0x25) continue; // '%'
    index += 1;
    const next = label[index] ?? 0;
    if (next === 0x75 || next === 0x78)
      conversions += 1; // 'u', 'x'
    else if (next === 0) break;
  }
  return conversions;
}

function evaluateSink(sink: Sink, machine: Machine): SinkOutcome {
  switch (sink.bug) {
    case 'stack-buffer-overflow': {
      const length = field(machine, sink.length);
      if (length > remaining(machine)) return 'rejected';
      return length > sink.capacity ? 'triggered' : 'passed';
    }
    case 'heap-buffer-overflow': {
      const capacity =
        typeof sink.capacity === 'number' ? sink.capacity : field(machine, sink.capacity);
      if (typeof sink.capacity === 'string' && (capacity === 0 || capacity > maxDeclaredCapacity))
        return 'rejected';
      const length = field(machine, sink.length);
      if (length > remaining(machine)) return 'rejected';
      return length > capacity ? 'triggered' : 'passed';
    }
    case 'off-by-one': {
      const length = field(machine, sink.length);
      if (length > sink.capacity || length > remaining(machine)) return 'rejected';
      return length === sink.capacity ? 'triggered' : 'passed';
    }
    case 'integer-overflow': {
      const count = field(machine, sink.count);
      const bytes = Math.imul(count, sink.elementSize) >>> 0;
      if (bytes === 0 || bytes > remaining(machine)) return 'rejected';
      return count * sink.elementSize > 0xffffffff ? 'triggered' : 'passed';
    }
    case 'format-string': {
      const length = field(machine, sink.length);
      if (length >= labelCapacity || length > remaining(machine)) return 'rejected';
      const label = Array.from({ length }, (_, index) => byteAt(machine, machine.position + index));
      return formatConversions(label) > sink.argumentFields.length ? 'triggered' : 'passed';
    }
    case 'use-after-free':
      if (sink.sessionSize > remaining(machine)) return 'rejected';
      return field(machine, sink.operation) === sink.closeCode ? 'triggered' : 'passed';
    case 'double-free':
      if (field(machine, sink.length) > remaining(machine)) return 'rejected';
      return field(machine, sink.kind) === sink.abortCode ? 'triggered' : 'passed';
  }
}

/** Runs one statement; false when the input is rejected there. */
function step(statement: Statement, machine: Machine): boolean | SinkOutcome {
  switch (statement.kind) {
    case 'read':
      if (machine.position + statement.width > machine.size) return false;
      machine.fields.set(
        statement.field,
        readUnsigned(
          (index) => byteAt(machine, index),
          machine.position,
          statement.width,
          statement.endian,
        ),
      );
      machine.position += statement.width;
      return true;
    case 'mark':
      machine.fields.set(statement.field, machine.position);
      return true;
    case 'check':
      return statement.conditions.every((condition) => holds(condition, machine));
    case 'seek': {
      const end = evaluateExpr(statement.end, machine);
      const header = 1 + statement.lengthWidth;
      for (;;) {
        if (machine.position + header > end) return false;
        const tag = byteAt(machine, machine.position);
        const length = readUnsigned(
          (index) => byteAt(machine, index),
          machine.position + 1,
          statement.lengthWidth,
          statement.endian,
        );
        if (tag === statement.tag) {
          machine.fields.set(statement.lengthField, length);
          machine.position += header;
          return length <= (end - machine.position) >>> 0;
        }
        machine.position += header + length;
      }
    }
    case 'sink':
      return evaluateSink(statement.sink, machine);
  }
}

/** Runs the parser on `input` exactly as the C program does. */
export function evaluateParser(program: ParserProgram, input: Uint8Array): ParserEvaluation {
  const machine: Machine = { data: input, size: input.length, fields: new Map(), position: 0 };
  const totalStages = stageCount(program);
  let stagesPassed = 0;
  for (const statement of program.statements) {
    const result = step(statement, machine);
    if (result === false || result === 'rejected')
      return { stagesPassed, totalStages, outcome: 'rejected' };
    if (result === 'triggered') return { stagesPassed, totalStages, outcome: 'triggered' };
    if (statement.kind === 'check' || statement.kind === 'seek') stagesPassed += 1;
  }
  return { stagesPassed, totalStages, outcome: 'accepted' };
}
