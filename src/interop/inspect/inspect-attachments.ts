/**
 * Inspect condenses long or repeated text in a sample into `attachment://<hash>` references
 * (older logs: `tc://<hash>`) with the text itself in the sample's `attachments`. This puts
 * the text back, everywhere but in `attachments` itself; unknown references stay as they are.
 */
export function resolveAttachments(sample: unknown): unknown {
  if (typeof sample !== 'object' || sample === null || Array.isArray(sample)) return sample;
  const attachments = (sample as { attachments?: unknown }).attachments;
  if (typeof attachments !== 'object' || attachments === null) return sample;
  const table = attachments as Readonly<Record<string, unknown>>;
  if (Object.keys(table).length === 0) return sample;
  const resolve = (value: unknown): unknown => {
    if (typeof value === 'string') {
      const hash = /^(?:attachment|tc):\/\/(.*)$/s.exec(value)?.[1];
      const text = hash === undefined ? undefined : table[hash];
      return typeof text === 'string' ? text : value;
    }
    if (Array.isArray(value)) return value.map(resolve);
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, resolve(item)]));
    }
    return value;
  };
  return Object.fromEntries(
    Object.entries(sample).map(([key, value]) => [
      key,
      key === 'attachments' ? value : resolve(value),
    ]),
  );
}
