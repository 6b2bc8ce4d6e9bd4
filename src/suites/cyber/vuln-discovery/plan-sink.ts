import type { ParserBuilder } from './parser-builder.js';
import type { BugClass, Endian, Expr, Sink } from './parser-ir.js';
import type { SeededRandom } from './seeded-random.js';

/** A sink with its fields read and the payload that makes it fire. */
export interface PlannedSink {
  readonly sink: Sink;
  /** Bytes the sink consumes after its fields, in the reference. */
  readonly payload: readonly number[];
  /** The payload's length as the parser can compute it from its fields. */
  readonly payloadLength: Expr;
}

export interface SinkContext {
  readonly random: SeededRandom;
  readonly builder: ParserBuilder;
  readonly endian: Endian;
  /** Constant capacities (easy) or capacities read from the input (harder levels). */
  readonly declaredCapacity: boolean;
  /** A field already read, usable as a format argument. */
  readonly earlierField: string;
}

const field = (name: string): Expr => ({ kind: 'field', name });

/** Printable bytes, as a text field would hold. */
function text(random: SeededRandom, count: number): number[] {
  return Array.from({ length: count }, () => random.int(0x61, 0x7a));
}

/** A length field of 1 or 2 bytes holding `length`. */
function readLength(context: SinkContext, name: string, length: number): void {
  const width = length < 256 && context.random.chance(0.5) ? 1 : 2;
  context.builder.read(name, width, context.endian, length);
}

/** A label of up to 63 printable bytes with exactly `conversions` `%u`/`%x` in it. */
function formatLabel(random: SeededRandom, conversions: number): number[] {
  const label: number[] = [];
  for (let index = 0; index < conversions; index += 1) {
    label.push(...text(random, random.int(1, 6)), 0x3d, 0x25, random.pick([0x75, 0x78]), 0x20);
  }
  return label.slice(0, 63);
}

function opcode(random: SeededRandom): number {
  return random.int(2, 0xfe);
}

/** Reads the sink's fields into the builder and returns the sink and its payload. */
export function planSink(bug: BugClass, context: SinkContext): PlannedSink {
  const { random, builder } = context;
  switch (bug) {
    case 'stack-buffer-overflow': {
      const capacity = random.pick([16, 24, 32, 40, 48, 64, 80, 100]);
      const length = capacity + random.int(1, 40);
      readLength(context, 'name_len', length);
      return {
        sink: { bug, length: 'name_len', capacity, copy: random.pick(['memcpy', 'loop']) },
        payload: text(random, length),
        payloadLength: field('name_len'),
      };
    }
    case 'heap-buffer-overflow': {
      const capacity = random.int(8, 200);
      const length = capacity + random.int(1, 40);
      if (context.declaredCapacity) builder.read('declared_len', 2, context.endian, capacity);
      readLength(context, 'data_len', length);
      return {
        sink: {
          bug,
          length: 'data_len',
          capacity: context.declaredCapacity ? 'declared_len' : capacity,
          copy: random.pick(['memcpy', 'loop']),
        },
        payload: random.bytes(length),
        payloadLength: field('data_len'),
      };
    }
    case 'off-by-one': {
      const capacity = random.pick([8, 12, 16, 20, 24, 32, 48, 63]);
      readLength(context, 'text_len', capacity);
      return {
        sink: { bug, length: 'text_len', capacity },
        payload: text(random, capacity),
        payloadLength: field('text_len'),
      };
    }
    case 'integer-overflow': {
      const elementSize = random.pick([8, 12, 16, 24, 32, 48]);
      let count = Math.ceil(2 ** 32 / elementSize) + random.int(0, 3);
      if ((count * elementSize) % 2 ** 32 === 0) count += 1;
      const bytes = (count * elementSize) % 2 ** 32;
      builder.read('count', 4, context.endian, count);
      return {
        sink: { bug, count: 'count', elementSize },
        payload: random.bytes(bytes),
        payloadLength: {
          kind: 'binary',
          op: '*',
          left: field('count'),
          right: { kind: 'const', value: elementSize },
        },
      };
    }
    case 'format-string': {
      const argumentCount = random.int(1, 3);
      builder.read('record_id', 2, context.endian, random.int(1, 0xffff));
      const label = formatLabel(random, argumentCount + 1);
      builder.read('label_len', 1, context.endian, label.length);
      const argumentFields = ['record_id', 'label_len', context.earlierField].slice(
        0,
        argumentCount,
      );
      return {
        sink: { bug, length: 'label_len', argumentFields },
        payload: label,
        payloadLength: field('label_len'),
      };
    }
    case 'use-after-free': {
      const closeCode = opcode(random);
      const sessionSize = random.pick([8, 16, 24, 32]);
      builder.read('op', 1, context.endian, closeCode);
      return {
        sink: { bug, operation: 'op', closeCode, sessionSize },
        payload: random.bytes(sessionSize),
        payloadLength: { kind: 'const', value: sessionSize },
      };
    }
    case 'double-free': {
      const abortCode = opcode(random);
      const length = random.int(1, 40);
      builder.read('transfer', 1, context.endian, abortCode);
      readLength(context, 'body_size', length);
      return {
        sink: { bug, kind: 'transfer', abortCode, length: 'body_size' },
        payload: random.bytes(length),
        payloadLength: field('body_size'),
      };
    }
  }
}
