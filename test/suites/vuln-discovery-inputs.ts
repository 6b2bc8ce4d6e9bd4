import type { VulnItem } from '../../src/suites/cyber/vuln-discovery/generate-item.js';
import type { Expr, Sink } from '../../src/suites/cyber/vuln-discovery/parser-ir.js';

/** The reference with one field rewritten (in the field's width and byte order). */
export function withField(item: VulnItem, field: string, value: number): Uint8Array {
  const layout = item.layout[field];
  if (layout === undefined) throw new Error(`${field} is not a field of seed ${item.seed}`);
  const input = Uint8Array.from(item.reference);
  for (let index = 0; index < layout.width; index += 1) {
    const shift = 8 * (layout.endian === 'le' ? index : layout.width - 1 - index);
    input[layout.offset + index] = (value >>> shift) & 0xff;
  }
  return input;
}

function readField(item: VulnItem, field: string): number {
  const layout = item.layout[field];
  if (layout === undefined) throw new Error(`${field} is not a field of seed ${item.seed}`);
  let value = 0;
  for (let index = 0; index < layout.width; index += 1) {
    const at = layout.offset + (layout.endian === 'le' ? layout.width - 1 - index : index);
    value = value * 256 + (item.reference[at] ?? 0);
  }
  return value;
}

function firstField(expr: Expr, item: VulnItem): string | undefined {
  if (expr.kind === 'field') return expr.name in item.layout ? expr.name : undefined;
  if (expr.kind === 'binary') return firstField(expr.left, item) ?? firstField(expr.right, item);
  return undefined;
}

function checkedField(item: VulnItem, note: string): string | undefined {
  const check = item.program.statements.find(
    (statement) => statement.kind === 'check' && statement.note === note,
  );
  if (check?.kind !== 'check') throw new Error(`seed ${item.seed} has no check "${note}"`);
  return check.conditions
    .flatMap((condition) => [condition.left, condition.right])
    .map((expr) => firstField(expr, item))
    .find((name) => name !== undefined);
}

/**
 * The reference with the first input field of the check noted `note` flipped in its top bit,
 * so that check fails (or an earlier one, e.g. a checksum over the field).
 */
export function breakCheck(item: VulnItem, note: string): Uint8Array {
  const field = checkedField(item, note);
  if (field === undefined) throw new Error(`check "${note}" reads no field of the input`);
  const width = item.layout[field]?.width ?? 1;
  return withField(item, field, readField(item, field) ^ (0x80 << (8 * (width - 1))));
}

/** The note of the last check that `breakCheck` can break. */
export function lastBreakableCheck(item: VulnItem): string {
  const notes = item.program.statements.flatMap((statement) =>
    statement.kind === 'check' ? [statement.note] : [],
  );
  const note = notes.findLast((entry) => checkedField(item, entry) !== undefined);
  if (note === undefined) throw new Error(`seed ${item.seed} has no check on an input field`);
  return note;
}

function sinkOf(item: VulnItem): Sink {
  for (const statement of item.program.statements)
    if (statement.kind === 'sink') return statement.sink;
  throw new Error(`seed ${item.seed} has no sink`);
}

/**
 * For an easy item (no checks after the signature): an input that passes every check and
 * the sink's guard but stays just short of the bug, e.g. a length equal to the capacity.
 */
export function nearMiss(item: VulnItem): Uint8Array {
  if (item.difficulty !== 'easy') throw new Error('nearMiss takes easy items only');
  const sink = sinkOf(item);
  switch (sink.bug) {
    case 'stack-buffer-overflow':
      return withField(item, sink.length, sink.capacity);
    case 'heap-buffer-overflow':
      if (typeof sink.capacity !== 'number') throw new Error('easy items have fixed capacities');
      return withField(item, sink.length, sink.capacity);
    case 'off-by-one':
      return withField(item, sink.length, sink.capacity - 1);
    case 'integer-overflow': {
      // One element, and its bytes after the payload.
      const input = withField(item, sink.count, 1);
      return Uint8Array.from([...input, ...new Uint8Array(sink.elementSize)]);
    }
    case 'format-string': {
      // The label's last conversion letter becomes 'z': one conversion fewer, as many as values.
      const input = Uint8Array.from(item.reference);
      const last = input.findLastIndex(
        (byte, index) => (byte === 0x75 || byte === 0x78) && input[index - 1] === 0x25,
      );
      input[last] = 0x7a;
      return input;
    }
    case 'use-after-free':
      return withField(item, sink.operation, sink.closeCode ^ 1);
    case 'double-free':
      return withField(item, sink.kind, sink.abortCode ^ 1);
  }
}
