import { logFooterSchema, type ErrorInfo } from '../../core/log/log-schema.js';
import type { InspectEvalError } from './inspect-types.js';
import type { InspectEvalErrorInput } from './inspect-schema.js';

/** Where an exported error event keeps Vigil's whole error record. */
export const vigilErrorKey = 'vigil_error';

/**
 * A Vigil error in Inspect's shape. Vigil keeps no Python-style traceback, so the traceback
 * is the error's kind and message (and its hint), which is what Inspect's viewer shows.
 */
export function toInspectError(error: ErrorInfo): InspectEvalError {
  const traceback = `${error.kind}: ${error.message}${error.hint === undefined ? '' : `\nhint: ${error.hint}`}`;
  return { message: error.message, traceback, traceback_ansi: traceback };
}

/**
 * An Inspect error as a Vigil one. `saved`, the record an exported log kept in its error
 * event, wins when it is valid; otherwise the kind is the exception class named on the
 * traceback's last line (`ValueError: ...`), and a `hint:` line becomes the hint.
 */
export function fromInspectError(error: InspectEvalErrorInput, saved?: unknown): ErrorInfo {
  const parsed = saved === undefined ? undefined : logFooterSchema.shape.error.safeParse(saved);
  if (parsed?.success === true) return parsed.data;
  const lines = error.traceback.split('\n').filter((line) => line.trim() !== '');
  const hintLine = lines.find((line) => line.startsWith('hint: '));
  const kindLine = lines.findLast((line) => !line.startsWith('hint: ') && !line.startsWith(' '));
  const kind = /^([A-Za-z_][\w.]*):/
    .exec(kindLine ?? '')?.[1]
    ?.split('.')
    .pop();
  return {
    kind: kind ?? 'Error',
    message: error.message,
    ...(hintLine === undefined ? {} : { hint: hintLine.slice('hint: '.length) }),
  };
}
