import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { builtinTasks } from '../../src/suites/builtin-tasks.js';
import { parseAnswer } from '../../src/suites/cyber/vuln-discovery/answer-format.js';
import { evaluateParser } from '../../src/suites/cyber/vuln-discovery/evaluate-parser.js';
import {
  difficulties,
  generateItem,
  randomInput,
} from '../../src/suites/cyber/vuln-discovery/generate-item.js';
import { bugClasses, type Statement } from '../../src/suites/cyber/vuln-discovery/parser-ir.js';
import { renderProgram } from '../../src/suites/cyber/vuln-discovery/render-program.js';
import { vulnDiscoveryPrompt } from '../../src/suites/cyber/vuln-discovery/vuln-discovery-prompt.js';
import { repoRoot } from '../support/run-cli.js';
import { breakCheck, lastBreakableCheck, nearMiss } from './vuln-discovery-inputs.js';
import {
  defaultSampleCount,
  generateItems,
} from '../../src/suites/cyber/vuln-discovery/vuln-discovery-task.js';

const sourcesOf = (seed: number, count: number) =>
  generateItems(seed, count).map((item) => renderProgram(item.program).source);

describe('the vuln-discovery generator', () => {
  it('makes the same items from the same seed, and other items from another', () => {
    const first = generateItems(7, 30);
    const again = generateItems(7, 30);
    expect(again).toEqual(first);
    expect(sourcesOf(7, 30)).toEqual(sourcesOf(7, 30));
    const other = new Set(sourcesOf(8, 30));
    expect(sourcesOf(7, 30).filter((source) => other.has(source))).toEqual([]);
    expect(new Set(sourcesOf(7, 30)).size).toBe(30);
  });

  it('makes the same first items whatever the count', () => {
    expect(generateItems(99, 5)).toEqual(generateItems(99, 40).slice(0, 5));
  });

  it('covers every difficulty and bug class pair in any 21 items in a row', () => {
    const pairs = generateItems(3, 42)
      .slice(10, 31)
      .map((item) => `${item.difficulty}/${item.bugClass}`);
    expect(new Set(pairs).size).toBe(difficulties.length * bugClasses.length);
  });

  it('deepens the check chain with the difficulty', () => {
    const kinds = (statements: readonly Statement[]) =>
      statements.flatMap((statement) =>
        statement.kind === 'check' ? [statement.note] : statement.kind === 'seek' ? ['seek'] : [],
      );
    for (let seed = 0; seed < 60; seed += 1) {
      const easy = generateItem({ seed, difficulty: 'easy' });
      expect(kinds(easy.program.statements)).toEqual(['signature']);
      const medium = generateItem({ seed, difficulty: 'medium' });
      expect(medium.stages).toBe(3);
      expect(kinds(medium.program.statements).join()).toMatch(/length matches|body fills/);
      const hard = generateItem({ seed, difficulty: 'hard' });
      expect(hard.stages).toBeGreaterThanOrEqual(6);
      expect(hard.stages).toBeLessThanOrEqual(8);
      expect(kinds(hard.program.statements)).toEqual(
        expect.arrayContaining([
          'signature',
          'header integrity',
          'payload checksum',
          'seek',
          'entry kind',
          'entry length is consistent',
        ]),
      );
      expect(hard.humanMinutes).toBeGreaterThan(medium.humanMinutes);
    }
  });

  it('checks every item at generation: the reference fires, empty and random inputs do not', () => {
    for (const item of generateItems(11, 300)) {
      expect(evaluateParser(item.program, item.reference)).toEqual({
        stagesPassed: item.stages,
        totalStages: item.stages,
        outcome: 'triggered',
      });
      expect(evaluateParser(item.program, new Uint8Array()).outcome).toBe('rejected');
      expect(evaluateParser(item.program, randomInput(item)).outcome).not.toBe('triggered');
    }
  });

  it('stops just short of each bug: the boundary inputs are accepted, not fired', () => {
    const easy = generateItems(21, 7 * 3 * 4).filter((item) => item.difficulty === 'easy');
    expect(new Set(easy.map((item) => item.bugClass)).size).toBe(bugClasses.length);
    for (const item of easy)
      expect(evaluateParser(item.program, nearMiss(item))).toEqual({
        stagesPassed: 1,
        totalStages: 1,
        outcome: 'accepted',
      });
  });

  it('measures depth for partial credit: a broken check stops the input there', () => {
    for (const item of generateItems(5, 60).filter((entry) => entry.difficulty !== 'easy')) {
      const signature = evaluateParser(item.program, breakCheck(item, 'signature'));
      expect(signature).toMatchObject({ stagesPassed: 0, outcome: 'rejected' });
      const broken = evaluateParser(item.program, breakCheck(item, lastBreakableCheck(item)));
      expect(broken.outcome).toBe('rejected');
      expect(broken.stagesPassed).toBeGreaterThan(0);
      expect(broken.stagesPassed).toBeLessThan(item.stages);
    }
  });

  it('throws on nothing but a generator bug: 3,000 items of every level generate', () => {
    const started = performance.now();
    for (let seed = 0; seed < 3000; seed += 1)
      generateItem({ seed: seed * 7919, difficulty: difficulties[seed % 3] ?? 'easy' });
    const seconds = (performance.now() - started) / 1000;
    console.info(`vuln-discovery: ${(3000 / seconds).toFixed(0)} items/s generated and checked`);
  });
});

describe('the cyber.vuln_discovery task', () => {
  const entry = builtinTasks['cyber.vuln_discovery'];

  it('is a built-in task that honours the run seed and sample count', async () => {
    expect(entry).toBeDefined();
    const task = await entry!.create({ seed: 42, limit: 7 });
    expect(task.dataset.samples.map((sample) => sample.id)).toEqual(
      Array.from({ length: 7 }, (_, index) => `vd-0000002a-00${index + 1}`),
    );
    expect(task.metadata).toMatchObject({ generator_seed: 42 });
    const items = generateItems(42, 7);
    task.dataset.samples.forEach((sample, index) => {
      const item = items[index]!;
      expect(sample.metadata).toEqual({
        category: 'vuln',
        difficulty: item.difficulty,
        bug_class: item.bugClass,
        human_minutes: item.humanMinutes,
        stages: item.stages,
      });
      const { source } = renderProgram(item.program);
      expect(sample.input).toContain(`\`\`\`c\n${source}\n\`\`\``);
      expect(task.sandbox?.(sample)).toEqual({ files: { 'prog.c': source } });
      expect(sample.reference?.kind).toBe('answer');
      const answer = sample.reference?.kind === 'answer' ? sample.reference.answer : '';
      expect(sample.target).toBe(answer);
      const parsed = parseAnswer(answer);
      expect(parsed.ok && Array.from(parsed.input)).toEqual(Array.from(item.reference));
    });
    expect(task.scorers.map((scorer) => scorer.name)).toEqual(['vuln_discovery']);
  });

  it(`makes ${defaultSampleCount} items from a fresh seed when the run gives none`, async () => {
    const first = await entry!.create({});
    const second = await entry!.create({});
    expect(first.dataset.samples).toHaveLength(defaultSampleCount);
    expect(first.metadata.generator_seed).toEqual(expect.any(Number));
    expect(first.dataset.samples[0]?.input).not.toBe(second.dataset.samples[0]?.input);
  });

  it('asks in the words its documentation gives, which baselines rely on', async () => {
    const doc = await readFile(`${repoRoot}docs/suites/vuln-discovery.md`, 'utf8');
    const documented = /^````\n([\s\S]*?)\n````$/m.exec(doc)?.[1];
    expect(documented).toBe(vulnDiscoveryPrompt('<the program>').trimEnd());
  });
});
