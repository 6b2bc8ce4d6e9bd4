import type { Comparison, Condition, Expr } from './parser-ir.js';

/** A `uint32_t` constant as C source: small numbers in decimal, others in hex. */
export function cConstant(value: number): string {
  const unsigned = value >>> 0;
  return unsigned < 16 ? `${unsigned}u` : `0x${unsigned.toString(16)}u`;
}

/** An expression as C source over `data`, `size`, `pos` and the fields. */
export function renderExpr(expr: Expr): string {
  switch (expr.kind) {
    case 'const':
      return cConstant(expr.value);
    case 'field':
      return expr.name;
    case 'size':
      return 'size';
    case 'position':
      return 'pos';
    case 'binary':
      return `(${renderExpr(expr.left)} ${expr.op} ${renderExpr(expr.right)})`;
    case 'checksum':
      return `${expr.algorithm}(data, ${renderExpr(expr.from)}, ${renderExpr(expr.to)}, size)`;
  }
}

const negated: Record<Comparison, Comparison> = {
  '==': '!=',
  '!=': '==',
  '<': '>=',
  '<=': '>',
  '>': '<=',
  '>=': '<',
};

/** The C test that rejects when any condition fails, e.g. `version != 3u || flags > 7u`. */
export function renderRejection(conditions: readonly Condition[]): string {
  return conditions
    .map(
      (condition) =>
        `${renderExpr(condition.left)} ${negated[condition.op]} ${renderExpr(condition.right)}`,
    )
    .join(' || ');
}
