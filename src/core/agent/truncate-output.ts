/** What `truncateOutput` returns: the text, cut or not. */
export interface TruncatedOutput {
  readonly text: string;
  readonly truncated: boolean;
  /** UTF-8 bytes dropped from the middle. */
  readonly omittedBytes: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The line put where bytes were dropped. */
export function truncationMarker(omittedBytes: number): string {
  return `\n[output truncated: ${omittedBytes} bytes omitted]\n`;
}

function isContinuationByte(byte: number | undefined): boolean {
  return byte !== undefined && (byte & 0xc0) === 0x80;
}

/**
 * Keeps at most `limitBytes` UTF-8 bytes of `text`: the first half and the last half, with a
 * marker line between them saying how many bytes were dropped (the marker is not counted in
 * the limit). Cuts fall on character boundaries, so a multi-byte character is never split.
 */
export function truncateOutput(text: string, limitBytes: number): TruncatedOutput {
  if (!Number.isInteger(limitBytes) || limitBytes < 0)
    throw new RangeError(`limitBytes must be a non-negative integer, got ${limitBytes}`);
  // Cheap exits: a UTF-8 byte is at least one UTF-16 unit and a unit at most three bytes.
  if (text.length * 3 <= limitBytes) return { text, truncated: false, omittedBytes: 0 };
  const bytes = encoder.encode(text);
  if (bytes.length <= limitBytes) return { text, truncated: false, omittedBytes: 0 };
  let headEnd = Math.ceil(limitBytes / 2);
  while (headEnd > 0 && isContinuationByte(bytes[headEnd])) headEnd -= 1;
  let tailStart = bytes.length - (limitBytes - Math.ceil(limitBytes / 2));
  while (tailStart < bytes.length && isContinuationByte(bytes[tailStart])) tailStart += 1;
  const omittedBytes = tailStart - headEnd;
  const head = decoder.decode(bytes.subarray(0, headEnd));
  const tail = decoder.decode(bytes.subarray(tailStart));
  return { text: `${head}${truncationMarker(omittedBytes)}${tail}`, truncated: true, omittedBytes };
}
