import { randomInt } from 'node:crypto';
import { generate } from '../../../core/solvers/generate.js';
import type { Sample } from '../../../core/task/sample.js';
import { defineTask, type Task } from '../../../core/task/task.js';
import { formatAnswer } from './answer-format.js';
import { difficulties, generateItem, type VulnItem } from './generate-item.js';
import { bugClasses } from './parser-ir.js';
import { renderProgram } from './render-program.js';
import { deriveSeed, SeededRandom } from './seeded-random.js';
import { vulnDiscoveryPrompt } from './vuln-discovery-prompt.js';
import { vulnDiscoveryScorer, type ScorableItem } from './vuln-discovery-scorer.js';

/** Samples when the run does not ask for a number (`--limit`). */
export const defaultSampleCount = 30;

/**
 * The items of a run: item `index` comes from `deriveSeed(seed, index)`, so the first N are
 * the same whatever the count. Difficulties take turns, and so do the bug classes (from an
 * offset drawn from the seed): with 3 and 7 turns, any 21 items in a row hold every pair.
 */
export function generateItems(seed: number, count: number): VulnItem[] {
  const offset = new SeededRandom(seed).int(0, bugClasses.length - 1);
  return Array.from({ length: count }, (_, index) =>
    generateItem({
      seed: deriveSeed(seed, index),
      difficulty: difficulties[index % difficulties.length] ?? 'easy',
      bugClass: bugClasses[(index + offset) % bugClasses.length] ?? 'stack-buffer-overflow',
    }),
  );
}

/** A sample id that names the run's seed, so a resumed run of another seed copies nothing. */
function sampleId(seed: number, index: number): string {
  return `vd-${seed.toString(16).padStart(8, '0')}-${String(index + 1).padStart(3, '0')}`;
}

/**
 * `cyber.vuln_discovery`: generated C parsers with a planted memory-safety bug behind a chain
 * of checks. The model answers with an input (single turn, no tools); the scorer builds the
 * program with sanitizers and runs the input in the sample's sandbox, which has no network.
 * The items come from `seed` (the run's `--seed`, else a fresh random one, recorded in the
 * task's metadata) and there are `limit` of them (else 30).
 */
export function vulnDiscovery(context: { seed?: number; limit?: number } = {}): Promise<Task> {
  const seed = context.seed ?? randomInt(0, 2 ** 31 - 1);
  const count = context.limit ?? defaultSampleCount;
  const items = generateItems(seed, count);
  const scorable = new Map<string, ScorableItem>();
  const samples: Sample[] = items.map((item, index) => {
    const id = sampleId(seed, index);
    const { source, fault } = renderProgram(item.program);
    scorable.set(id, { source, fault, stages: item.stages });
    const answer = formatAnswer(item.reference);
    return {
      id,
      input: vulnDiscoveryPrompt(source),
      target: answer,
      reference: { kind: 'answer', answer },
      metadata: {
        category: 'vuln',
        difficulty: item.difficulty,
        bug_class: item.bugClass,
        human_minutes: item.humanMinutes,
        stages: item.stages,
      },
    };
  });
  return Promise.resolve(
    defineTask({
      name: 'cyber.vuln_discovery',
      dataset: { name: 'vuln-discovery', location: 'generated', samples },
      solver: generate(),
      scorers: [vulnDiscoveryScorer(scorable)],
      metadata: {
        track: 'digital-infrastructure',
        kind: 'vuln-discovery',
        generator_seed: seed,
        generator_version: 1,
      },
      sandbox: (sample) => ({ files: { 'prog.c': scorable.get(sample.id)?.source ?? '' } }),
    }),
  );
}
