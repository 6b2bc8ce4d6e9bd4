import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputError } from '../../../test/support/errors.js';
import {
  nativeHeader,
  nativeMembers,
  nativeSample,
  plan,
  spec,
} from '../../../test/support/inspect-native-log.js';
import { useTempDir } from '../../../test/support/temp-dir.js';
import { buildZip, type Member } from '../../../test/support/zip-fixture.js';
import { importInspectLog } from './import-inspect-log.js';

const dir = useTempDir('vigil-inspect-import-');
const writeZip = (name: string, members: readonly Member[]) => dir.write(name, buildZip(members));
const importer = { vigil: { version: 'importer' } };

describe('vigil log import', () => {
  describe('refuses bad input with an InputError and writes nothing', () => {
    /** The error of an import that must fail, as the CLI prints it: message — hint. */
    async function refusal(input: string, output = join(dir.path, 'out.vigil.jsonl')) {
      const error = await inputError(() => importInspectLog(input, output, importer));
      return error.describe();
    }

    async function expectRefused(input: string, message: RegExp) {
      const output = join(dir.path, 'out.vigil.jsonl');
      expect(await refusal(input, output)).toMatch(message);
      expect(existsSync(output)).toBe(false);
    }

    it('a file that is not a ZIP archive', async () => {
      const input = join(dir.path, 'log.eval');
      await writeFile(input, '{"version": 2, "status": "success"}\n');
      await expectRefused(input, /log\.eval: is not a ZIP archive .* — .*inspect log convert/);
    });

    it('a missing file', async () => {
      await expectRefused(
        join(dir.path, 'nope.eval'),
        /nope\.eval: cannot read the log: no such file/,
      );
    });

    it('an archive with neither header.json nor samples', async () => {
      const input = await writeZip('empty.eval', [
        {
          name: '_journal/start.json',
          text: JSON.stringify({ version: 2, eval: spec, plan }),
          method: 'stored',
        },
      ]);
      await expectRefused(input, /has no header\.json and no samples: there is nothing to import/);
    });

    it('samples without header.json or _journal/start.json', async () => {
      const input = await writeZip('orphans.eval', [
        { name: 'samples/1_epoch_1.json', text: nativeSample(1, 1), method: 'stored' },
      ]);
      await expectRefused(input, /has neither header\.json nor _journal\/start\.json/);
    });

    it('a newer schema version', async () => {
      const input = await writeZip('future.eval', [
        { name: 'header.json', text: nativeHeader('success', 3), method: 'stored' },
      ]);
      await expectRefused(
        input,
        /header\.json: uses Inspect log schema version 3; Vigil reads up to version 2 — upgrade Vigil/,
      );
    });

    it('a sample that is not JSON, or not a sample', async () => {
      const notJson = await writeZip('notjson.eval', [
        { name: 'samples/1_epoch_1.json', text: '{"id": 1,', method: 'zstd' },
        { name: 'header.json', text: nativeHeader('success'), method: 'stored' },
      ]);
      await expectRefused(notJson, /member samples\/1_epoch_1\.json is not JSON/);
      const notSample = await writeZip('notsample.eval', [
        { name: 'samples/1_epoch_1.json', text: '{"id": 1, "epoch": 0}', method: 'stored' },
        { name: 'header.json', text: nativeHeader('success'), method: 'stored' },
      ]);
      await expectRefused(notSample, /samples\/1_epoch_1\.json: field epoch/);
    });

    it('an output file that already exists', async () => {
      const input = await writeZip('native.eval', nativeMembers());
      const output = join(dir.path, 'taken.vigil.jsonl');
      await writeFile(output, 'precious\n');
      expect(await refusal(input, output)).toMatch(
        /taken\.vigil\.jsonl: already exists; Vigil never overwrites a file — choose another output name with -o/,
      );
      expect(await readFile(output, 'utf8')).toBe('precious\n');
    });
  });
});
