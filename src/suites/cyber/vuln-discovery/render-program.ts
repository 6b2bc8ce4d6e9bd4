import { argumentReadLine, helperOrder, helperSource, type Helper } from './c-helpers.js';
import type { BugClass, Expr, ParserProgram, Sink, Statement } from './parser-ir.js';
import { renderExpr, renderRejection } from './render-expression.js';
import { renderSink } from './render-sink.js';

/** What AddressSanitizer reports when each bug class fires. */
export const sanitizerKinds: Readonly<Record<BugClass, string>> = {
  'stack-buffer-overflow': 'stack-buffer-overflow',
  'heap-buffer-overflow': 'heap-buffer-overflow',
  'off-by-one': 'stack-buffer-overflow',
  'integer-overflow': 'heap-buffer-overflow',
  'format-string': 'stack-buffer-overflow',
  'use-after-free': 'heap-use-after-free',
  'double-free': 'double-free',
};

/**
 * Where a parser's planted bug is caught: the sanitizer's report kind and the source lines of
 * the innermost frames of its stack that are in the program (innermost first).
 */
export interface ExpectedFault {
  readonly bugClass: BugClass;
  readonly sanitizerKind: string;
  readonly lines: readonly number[];
}

/** A C translation unit and the expected fault of each parser in it, in order. */
export interface RenderedSource {
  readonly source: string;
  readonly faults: readonly ExpectedFault[];
}

const prelude = [
  '#include <stdint.h>',
  '#include <stdio.h>',
  '#include <stdlib.h>',
  '#include <string.h>',
  '',
  // The stage markers the scorer counts (sanitizer-report.ts reads `check N passed`).
  'static void check_passed(int n) {',
  '  fprintf(stderr, "check %d passed\\n", n);',
  '}',
];

function readHelper(width: 2 | 4, endian: 'le' | 'be'): Helper {
  return `read_u${width * 8}${endian}` as Helper;
}

function collectExprHelpers(expr: Expr, helpers: Set<Helper>): void {
  if (expr.kind === 'binary') {
    collectExprHelpers(expr.left, helpers);
    collectExprHelpers(expr.right, helpers);
  } else if (expr.kind === 'checksum') {
    helpers.add(expr.algorithm);
    collectExprHelpers(expr.from, helpers);
    collectExprHelpers(expr.to, helpers);
  }
}

function helpersOf(program: ParserProgram): Set<Helper> {
  const helpers = new Set<Helper>();
  for (const statement of program.statements) {
    if (statement.kind === 'read' && statement.width !== 1)
      helpers.add(readHelper(statement.width, statement.endian));
    if (statement.kind === 'seek') {
      if (statement.lengthWidth === 2) helpers.add(readHelper(2, statement.endian));
      collectExprHelpers(statement.end, helpers);
    }
    if (statement.kind === 'check')
      for (const condition of statement.conditions) {
        collectExprHelpers(condition.left, helpers);
        collectExprHelpers(condition.right, helpers);
      }
    if (statement.kind === 'sink' && statement.sink.bug === 'format-string')
      helpers.add('render_text');
  }
  return helpers;
}

function readExpression(at: string, width: 1 | 2 | 4, endian: 'le' | 'be'): string {
  return width === 1 ? `data[${at}]` : `${readHelper(width, endian)}(data + ${at})`;
}

function renderStatement(statement: Statement, stage: number): string[] {
  switch (statement.kind) {
    case 'read':
      return [
        `  if (pos + ${statement.width} > size) return 1;`,
        `  ${statement.field} = ${readExpression('pos', statement.width, statement.endian)};`,
        `  pos += ${statement.width};`,
      ];
    case 'mark':
      return [`  ${statement.field} = pos;`];
    case 'check':
      return [
        `  /* ${statement.note} */`,
        `  if (${renderRejection(statement.conditions)}) return 1;`,
        `  check_passed(${stage});`,
      ];
    case 'seek': {
      const header = 1 + statement.lengthWidth;
      const end = renderExpr(statement.end);
      const length = (at: string) => readExpression(at, statement.lengthWidth, statement.endian);
      return [
        `  /* ${statement.note} */`,
        '  for (;;) {',
        `    if (pos + ${header} > ${end}) return 1;`,
        `    if (data[pos] == ${renderExpr({ kind: 'const', value: statement.tag })}) break;`,
        `    pos += ${header} + ${length('pos + 1')};`,
        '  }',
        `  ${statement.lengthField} = ${length('pos + 1')};`,
        `  pos += ${header};`,
        `  if (${statement.lengthField} > ${end} - pos) return 1;`,
        `  check_passed(${stage});`,
      ];
    }
    case 'sink':
      throw new Error('sinks are rendered by renderFunction');
  }
}

interface RenderedFunction {
  readonly lines: readonly string[];
  readonly sink: Sink;
  /** Index in `lines` of the sink's bug line. */
  readonly bugLine: number;
}

function renderFunction(program: ParserProgram): RenderedFunction {
  const lines = [
    `/* ${program.summary} Returns 0 when the input is accepted. */`,
    `static int ${program.name}(const uint8_t *data, size_t length) {`,
    '  uint32_t size = (uint32_t)length;',
    '  uint32_t pos = 0;',
    ...program.fields.map((field) => `  uint32_t ${field} = 0;`),
    '',
  ];
  let stage = 0;
  let found: { sink: Sink; bugLine: number } | undefined;
  for (const statement of program.statements) {
    if (statement.kind === 'sink') {
      const rendered = renderSink(statement.sink);
      found = { sink: statement.sink, bugLine: lines.length + rendered.bugLine };
      lines.push(...rendered.lines);
      continue;
    }
    if (statement.kind === 'check' || statement.kind === 'seek') stage += 1;
    lines.push(...renderStatement(statement, stage));
  }
  if (found === undefined) throw new Error(`parser ${program.name} has no sink`);
  lines.push('  return 0;', '}');
  return { lines, ...found };
}

/**
 * Renders parsers into one C file: the helpers they use, each parser as its own function,
 * then `main` (given as lines: the caller decides how inputs reach the parsers).
 */
export function renderParsers(
  programs: readonly ParserProgram[],
  main: readonly string[],
): RenderedSource {
  const used = new Set<Helper>();
  for (const program of programs) for (const helper of helpersOf(program)) used.add(helper);
  const lines: string[] = [...prelude];
  let argumentRead = -1;
  for (const helper of helperOrder) {
    if (!used.has(helper)) continue;
    const text = helperSource(helper);
    if (helper === 'render_text') argumentRead = lines.length + 1 + text.indexOf(argumentReadLine);
    lines.push('', ...text);
  }
  const faults: ExpectedFault[] = [];
  for (const program of programs) {
    lines.push('');
    const rendered = renderFunction(program);
    const bugLine = lines.length + rendered.bugLine + 1; // 1-based
    const bugClass = rendered.sink.bug;
    faults.push({
      bugClass,
      sanitizerKind: sanitizerKinds[bugClass],
      lines: bugClass === 'format-string' ? [argumentRead + 1, bugLine] : [bugLine],
    });
    lines.push(...rendered.lines);
  }
  lines.push('', ...main, '');
  return { source: lines.join('\n'), faults };
}

/** The most bytes a program reads from standard input (its buffer has 64 more for reads just past the end). */
export const maxInputBytes = 65536;

/** One parser as a whole program that reads its input from standard input. */
export function renderProgram(program: ParserProgram): {
  readonly source: string;
  readonly fault: ExpectedFault;
} {
  const { source, faults } = renderParsers(
    [program],
    [
      `static uint8_t input[${maxInputBytes} + 64];`,
      '',
      'int main(void) {',
      `  size_t length = fread(input, 1, ${maxInputBytes}, stdin);`,
      `  return ${program.name}(input, length);`,
      '}',
    ],
  );
  const [fault] = faults;
  if (fault === undefined) throw new Error('renderParsers lost the fault');
  return { source, fault };
}
