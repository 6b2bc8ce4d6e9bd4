import { labelCapacity, maxDeclaredCapacity } from './evaluate-parser.js';
import type { Sink } from './parser-ir.js';
import { cConstant } from './render-expression.js';

/** A sink as C lines (indented for the function body) and which of them holds the bug. */
export interface RenderedSink {
  readonly lines: readonly string[];
  /** Index in `lines` of the faulting access (for format-string: the formatter call). */
  readonly bugLine: number;
}

/** Builds lines and remembers the bug's; `bug()` marks the next line added. */
class SinkLines {
  readonly lines: string[] = [];
  bugLine = -1;

  add(...lines: string[]): this {
    this.lines.push(...lines.map((line) => `    ${line}`));
    return this;
  }

  bug(line: string): this {
    this.bugLine = this.lines.length;
    return this.add(line);
  }

  done(): RenderedSink {
    if (this.bugLine < 0) throw new Error('a sink must mark its bug line');
    return { lines: ['  {', ...this.lines, '  }'], bugLine: this.bugLine + 1 };
  }
}

function copyLines(
  out: SinkLines,
  target: string,
  length: string,
  copy: 'memcpy' | 'loop',
): SinkLines {
  return copy === 'memcpy'
    ? out.bug(`memcpy(${target}, data + pos, ${length});`)
    : out.bug(`for (uint32_t i = 0; i < ${length}; i++) ${target}[i] = data[pos + i];`);
}

/** The C of a sink. */
export function renderSink(sink: Sink): RenderedSink {
  const out = new SinkLines();
  switch (sink.bug) {
    case 'stack-buffer-overflow':
      out.add(`uint8_t name[${sink.capacity}];`, `if (${sink.length} > size - pos) return 1;`);
      copyLines(out, 'name', sink.length, sink.copy);
      out.add(`pos += ${sink.length};`, `printf("name of %u bytes\\n", ${sink.length});`);
      return out.done();
    case 'heap-buffer-overflow': {
      const declared = typeof sink.capacity === 'string';
      const capacity = declared ? sink.capacity : cConstant(sink.capacity);
      if (declared)
        out.add(`if (${capacity} == 0 || ${capacity} > ${maxDeclaredCapacity}) return 1;`);
      out.add(
        `uint8_t *buffer = malloc(${capacity});`,
        'if (buffer == NULL) return 1;',
        `if (${sink.length} > size - pos) {`,
        '  free(buffer);',
        '  return 1;',
        '}',
      );
      copyLines(out, 'buffer', sink.length, sink.copy);
      out.add(`pos += ${sink.length};`, 'free(buffer);');
      return out.done();
    }
    case 'off-by-one':
      return out
        .add(
          `char text[${sink.capacity}];`,
          `if (${sink.length} > sizeof text || ${sink.length} > size - pos) return 1;`,
          `memcpy(text, data + pos, ${sink.length});`,
        )
        .bug(`text[${sink.length}] = '\\0';`)
        .add(`pos += ${sink.length};`, 'printf("text %s\\n", text);')
        .done();
    case 'integer-overflow': {
      const size = sink.elementSize;
      return out
        .add(
          `uint32_t bytes = ${sink.count} * ${size}u;`,
          'if (bytes == 0 || bytes > size - pos) return 1;',
          'uint8_t *table = malloc(bytes);',
          'if (table == NULL) return 1;',
          `for (uint32_t i = 0; i < ${sink.count}; i++) {`,
        )
        .bug(`  memcpy(table + (size_t)i * ${size}, data + pos + (size_t)i * ${size}, ${size});`)
        .add('}', 'pos += bytes;', 'free(table);')
        .done();
    }
    case 'format-string':
      return out
        .add(
          `char label[${labelCapacity}];`,
          'char line[256];',
          `uint32_t args[${sink.argumentFields.length}] = { ${sink.argumentFields.join(', ')} };`,
          `if (${sink.length} >= sizeof label || ${sink.length} > size - pos) return 1;`,
          `memcpy(label, data + pos, ${sink.length});`,
          `label[${sink.length}] = '\\0';`,
          `pos += ${sink.length};`,
        )
        .bug('render_text(line, sizeof line, label, args);')
        .add('puts(line);')
        .done();
    case 'use-after-free':
      return out
        .add(
          `uint8_t *session = malloc(${sink.sessionSize});`,
          'if (session == NULL) return 1;',
          `if (${sink.sessionSize} > size - pos) {`,
          '  free(session);',
          '  return 1;',
          '}',
          `memcpy(session, data + pos, ${sink.sessionSize});`,
          `pos += ${sink.sessionSize};`,
          'int closed = 0;',
          `if (${sink.operation} == ${cConstant(sink.closeCode)}) {`,
          '  free(session);',
          '  closed = 1;',
          '}',
        )
        .bug(`uint32_t digest = (uint32_t)session[0] ^ session[${sink.sessionSize - 1}];`)
        .add('if (!closed) free(session);', 'printf("session %u\\n", digest);')
        .done();
    case 'double-free':
      return out
        .add(
          `if (${sink.length} > size - pos) return 1;`,
          `uint8_t *body = malloc(${sink.length} + 1);`,
          'if (body == NULL) return 1;',
          `memcpy(body, data + pos, ${sink.length});`,
          `body[${sink.length}] = '\\0';`,
          `pos += ${sink.length};`,
          'int status = 0;',
          `if (${sink.kind} == ${cConstant(sink.abortCode)}) {`,
          '  free(body);',
          '  status = 2;',
          '}',
          'printf("body status %d\\n", status);',
        )
        .bug('free(body);')
        .done();
  }
}
