/**
 * A seed for one sample-epoch derived from the run's seed, so each sample gets its own
 * reproducible seed whatever order samples finish in. FNV-1a over the three parts.
 */
export function sampleSeed(runSeed: number, sampleId: string, epoch: number): number {
  let hash = 0x811c9dc5 ^ (runSeed >>> 0);
  const text = `${sampleId}\u0000${epoch}`;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash & 0x7fffffff;
}
