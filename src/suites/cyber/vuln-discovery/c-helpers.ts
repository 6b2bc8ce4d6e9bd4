import type { ChecksumAlgorithm } from './parser-ir.js';

/** The C helpers a generated program may call, each emitted only when used. */
export type Helper =
  'read_u16le' | 'read_u16be' | 'read_u32le' | 'read_u32be' | ChecksumAlgorithm | 'render_text';

/** The line of `render_text` that reads an argument: where the format-string bug is caught. */
export const argumentReadLine = '      uint32_t value = args[next++];';

const checksumBody: Record<ChecksumAlgorithm, readonly string[]> = {
  sum8: ['    sum = (sum + data[i]) & 0xffu;'],
  xor8: ['    sum ^= data[i];'],
  sum16: ['    sum = (sum + data[i]) & 0xffffu;'],
  fletcher16: ['    low = (low + data[i]) % 255u;', '    sum = (sum + low) % 255u;'],
};

function checksumHelper(algorithm: ChecksumAlgorithm): string[] {
  const fletcher = algorithm === 'fletcher16';
  return [
    `static uint32_t ${algorithm}(const uint8_t *data, uint32_t from, uint32_t to, uint32_t size) {`,
    '  uint32_t sum = 0;',
    ...(fletcher ? ['  uint32_t low = 0;'] : []),
    '  for (uint32_t i = from; i < to && i < size; i++) {',
    ...checksumBody[algorithm],
    '  }',
    fletcher ? '  return (sum << 8) | low;' : '  return sum;',
    '}',
  ];
}

function readHelper(helper: 'read_u16le' | 'read_u16be' | 'read_u32le' | 'read_u32be'): string[] {
  const width = helper.startsWith('read_u16') ? 2 : 4;
  const littleEndian = helper.endsWith('le');
  const parts = Array.from({ length: width }, (_, index) => {
    const shift = 8 * (littleEndian ? index : width - 1 - index);
    return shift === 0 ? `(uint32_t)p[${index}]` : `(uint32_t)p[${index}] << ${shift}`;
  });
  return [`static uint32_t ${helper}(const uint8_t *p) {`, `  return ${parts.join(' | ')};`, '}'];
}

const renderText = [
  '/* Expands %u and %x in fmt with the values of args. */',
  'static void render_text(char *out, size_t cap, const char *fmt, const uint32_t *args) {',
  '  size_t n = 0;',
  '  size_t next = 0;',
  "  for (size_t i = 0; fmt[i] != '\\0' && n + 16 < cap; i++) {",
  "    if (fmt[i] != '%') {",
  '      out[n++] = fmt[i];',
  '      continue;',
  '    }',
  '    i++;',
  "    if (fmt[i] == 'u' || fmt[i] == 'x') {",
  argumentReadLine,
  `      n += (size_t)snprintf(out + n, cap - n, fmt[i] == 'u' ? "%u" : "%x", value);`,
  "    } else if (fmt[i] == '\\0') {",
  '      break;',
  '    } else {',
  "      out[n++] = '%';",
  '      out[n++] = fmt[i];',
  '    }',
  '  }',
  "  out[n] = '\\0';",
  '}',
];

/** The C text of one helper (its lines). */
export function helperSource(helper: Helper): readonly string[] {
  switch (helper) {
    case 'read_u16le':
    case 'read_u16be':
    case 'read_u32le':
    case 'read_u32be':
      return readHelper(helper);
    case 'sum8':
    case 'xor8':
    case 'sum16':
    case 'fletcher16':
      return checksumHelper(helper);
    case 'render_text':
      return renderText;
  }
}

/** Helpers in the order they are emitted. */
export const helperOrder: readonly Helper[] = [
  'read_u16le',
  'read_u16be',
  'read_u32le',
  'read_u32be',
  'sum8',
  'xor8',
  'sum16',
  'fletcher16',
  'render_text',
];
