import { join } from 'node:path';

/** `<dir>/2026-11-27T15-20-01_<task>_<runId>.vigil.jsonl`: sortable by time, safe on any disk. */
export function logFileName(
  logDir: string,
  taskName: string,
  runId: string,
  createdAt: Date,
): string {
  const stamp = createdAt.toISOString().slice(0, 19).replace(/:/g, '-');
  const safeTask = taskName.replace(/[^a-zA-Z0-9._-]+/g, '-').slice(0, 80);
  return join(logDir, `${stamp}_${safeTask}_${runId}.vigil.jsonl`);
}
