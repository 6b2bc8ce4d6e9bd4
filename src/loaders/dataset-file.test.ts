import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputError } from '../../test/support/errors.js';
import { useTempDir } from '../../test/support/temp-dir.js';
import { loadDatasetFile } from './dataset-file.js';

const dir = useTempDir('vigil-dataset-');

/** The InputError loading `path` fails with. */
const loadError = (path: string) => inputError(() => loadDatasetFile(path));

const lines = (...records: readonly unknown[]): string =>
  records.map((record) => JSON.stringify(record)).join('\n') + '\n';

describe('loadDatasetFile: JSONL', () => {
  it('loads samples with ids, targets, choices and metadata', async () => {
    const path = await dir.write(
      'quiz.jsonl',
      lines(
        { id: 'q1', input: 'Capital of France?', target: 'Paris', metadata: { level: 2 } },
        { id: 7, input: 'Pick', choices: ['x', 'y', 'z'], target: 'B' },
        { input: [{ role: 'user', content: 'Hi' }], target: ['hello', 'hi'] },
      ),
    );
    const dataset = await loadDatasetFile(path);
    expect(dataset.name).toBe('quiz');
    expect(dataset.location).toBe(path);
    expect(dataset.samples).toEqual([
      { id: 'q1', input: 'Capital of France?', target: 'Paris', metadata: { level: 2 } },
      { id: '7', input: 'Pick', choices: ['x', 'y', 'z'], target: 'B' },
      { id: '3', input: [{ role: 'user', content: 'Hi' }], target: ['hello', 'hi'] },
    ]);
  });

  it('numbers samples without ids in record order and defaults the target to ""', async () => {
    const path = await dir.write(
      'plain.jsonl',
      lines({ input: 'a' }, { input: 'b' }, { input: 'c' }),
    );
    const dataset = await loadDatasetFile(path);
    expect(dataset.samples.map((sample) => sample.id)).toEqual(['1', '2', '3']);
    expect(dataset.samples.map((sample) => sample.target)).toEqual(['', '', '']);
    expect(dataset.samples[0]).not.toHaveProperty('choices');
    expect(dataset.samples[0]).not.toHaveProperty('metadata');
  });

  it('skips blank and whitespace-only lines', async () => {
    const path = await dir.write('gaps.jsonl', '\n{"input":"a"}\n\n   \n{"input":"b"}\r\n\n');
    const dataset = await loadDatasetFile(path);
    expect(dataset.samples.map((sample) => sample.input)).toEqual(['a', 'b']);
    expect(dataset.samples.map((sample) => sample.id)).toEqual(['1', '2']);
  });

  it('names the line of malformed JSON', async () => {
    const path = await dir.write('bad.jsonl', '{"input":"a"}\n{"input":"b"}\n{"input": oops}\n');
    const error = await loadError(path);
    expect(error.message).toContain(`${path}:3`);
    expect(error.message).toContain('not valid JSON');
    expect(error.source).toBe(`${path}:3`);
  });

  it('counts blank lines when naming the line', async () => {
    const path = await dir.write('bad-later.jsonl', '{"input":"a"}\n\n{not json\n');
    expect((await loadError(path)).message).toContain(`${path}:3`);
  });

  it('names the missing input field and its line', async () => {
    const path = await dir.write('no-input.jsonl', lines({ input: 'a' }, { target: 'b' }));
    const error = await loadError(path);
    expect(error.message).toContain(`${path}:2`);
    expect(error.message).toContain('field input');
  });

  it('rejects an unknown field', async () => {
    const path = await dir.write('extra.jsonl', lines({ input: 'a', answer: 'b' }));
    const error = await loadError(path);
    expect(error.message).toContain(`${path}:1`);
    expect(error.message).toContain('answer');
  });

  it('rejects a record that is not an object', async () => {
    const path = await dir.write('array.jsonl', '["input", "a"]\n');
    expect((await loadError(path)).message).toContain(`${path}:1`);
  });

  it('rejects fewer than two choices', async () => {
    const path = await dir.write('one-choice.jsonl', lines({ input: 'a', choices: ['only'] }));
    expect((await loadError(path)).message).toContain('field choices');
  });

  it('rejects duplicate ids', async () => {
    const path = await dir.write(
      'dupes.jsonl',
      lines({ id: 'x', input: 'a' }, { id: 'x', input: 'b' }),
    );
    const error = await loadError(path);
    expect(error.message).toContain('"x"');
    expect(error.message).toContain('twice');
  });

  it('rejects an explicit id that clashes with a generated one', async () => {
    const path = await dir.write('clash.jsonl', lines({ id: 2, input: 'a' }, { input: 'b' }));
    expect((await loadError(path)).message).toContain('sample id "2" appears twice');
  });

  it('rejects an empty file', async () => {
    const path = await dir.write('empty.jsonl', '');
    expect((await loadError(path)).message).toContain('has no samples');
  });

  it('rejects a file of blank lines', async () => {
    const path = await dir.write('blank.jsonl', '\n\n  \n');
    expect((await loadError(path)).message).toContain('has no samples');
  });
});

describe('loadDatasetFile: files', () => {
  it('rejects an unsupported extension before reading', async () => {
    const path = await dir.write('data.json', '[{"input":"a"}]');
    const error = await loadError(path);
    expect(error.message).toContain('unsupported dataset format ".json"');
    expect(error.hint).toContain('.jsonl or .csv');
  });

  it('accepts an upper-case extension', async () => {
    const path = await dir.write('LOUD.JSONL', lines({ input: 'a' }));
    const dataset = await loadDatasetFile(path);
    expect(dataset.name).toBe('LOUD');
    expect(dataset.samples).toHaveLength(1);
  });

  it('reports a missing file', async () => {
    const path = join(dir.path, 'missing.jsonl');
    const error = await loadError(path);
    expect(error.message).toContain('no such file');
    expect(error.message).toContain(path);
  });

  it('reports a directory', async () => {
    const path = join(dir.path, 'folder.jsonl');
    await mkdir(path);
    expect((await loadError(path)).message).toContain('is a directory');
  });
});

describe('loadDatasetFile: CSV', () => {
  it('reads a header row, |-separated and JSON choices, and JSON metadata', async () => {
    const path = await dir.write(
      'quiz.csv',
      [
        'id,input,target,choices,metadata',
        'a,Capital of France?,B,Lyon|Paris|Nice,"{""topic"":""geo""}"',
        'b,"Two, or three?",A,"[""two"",""three""]",',
        ',No id here,yes,,',
      ].join('\n') + '\n',
    );
    const dataset = await loadDatasetFile(path);
    expect(dataset.name).toBe('quiz');
    expect(dataset.samples).toEqual([
      {
        id: 'a',
        input: 'Capital of France?',
        target: 'B',
        choices: ['Lyon', 'Paris', 'Nice'],
        metadata: { topic: 'geo' },
      },
      { id: 'b', input: 'Two, or three?', target: 'A', choices: ['two', 'three'] },
      { id: '3', input: 'No id here', target: 'yes' },
    ]);
  });

  it('reads a JSON list of targets and numbers rows without an id column', async () => {
    const path = await dir.write('targets.csv', 'input,target\nfirst,"[""x"",""y""]"\nsecond,\n');
    const dataset = await loadDatasetFile(path);
    expect(dataset.samples).toEqual([
      { id: '1', input: 'first', target: ['x', 'y'] },
      { id: '2', input: 'second', target: '' },
    ]);
  });

  it('names the row line of a bad JSON cell', async () => {
    const path = await dir.write('bad.csv', 'input,metadata\nok,"{""a"":1}"\nbroken,"{""a"":"\n');
    const error = await loadError(path);
    expect(error.message).toContain(`${path}:3`);
    expect(error.message).toContain('column metadata is not valid JSON');
  });

  it('counts blank lines and quoted line breaks when naming the row line', async () => {
    const path = await dir.write('gaps.csv', 'input,metadata\n"two\nlines",\n\nbroken,"{x"\n');
    const error = await loadError(path);
    expect(error.message).toContain(`${path}:5`);
    expect(error.message).toContain('column metadata is not valid JSON');
  });

  it('names the row line of bad JSON choices', async () => {
    const path = await dir.write('bad-choices.csv', 'input,choices\nq,"[""a"", b]"\n');
    const error = await loadError(path);
    expect(error.message).toContain(`${path}:2`);
    expect(error.message).toContain('column choices');
  });

  it('rejects metadata that is not JSON', async () => {
    const path = await dir.write('plain-metadata.csv', 'input,metadata\nq,easy\n');
    const error = await loadError(path);
    expect(error.message).toContain(`${path}:2`);
    expect(error.message).toContain('column metadata must hold JSON');
  });

  it('rejects an unknown column', async () => {
    const path = await dir.write('extra.csv', 'input,answer\nq,a\n');
    const error = await loadError(path);
    expect(error.message).toContain(`${path}:2`);
    expect(error.message).toContain('answer');
  });

  it('rejects a row missing its input', async () => {
    const path = await dir.write('no-input.csv', 'id,target\nx,y\n');
    expect((await loadError(path)).message).toContain('field input');
  });

  it('rejects rows whose cell counts do not match the header', async () => {
    const path = await dir.write('ragged.csv', 'input,target\na,b,c\n');
    expect((await loadError(path)).message).toContain('not valid CSV');
  });

  it('rejects duplicate ids', async () => {
    const path = await dir.write('dupes.csv', 'id,input\nx,a\nx,b\n');
    expect((await loadError(path)).message).toContain('sample id "x" appears twice');
  });

  it('rejects a header without rows', async () => {
    const path = await dir.write('header-only.csv', 'id,input,target\n');
    expect((await loadError(path)).message).toContain('has no samples');
  });
});
