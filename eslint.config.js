// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** Folders outside the core: the core may import none of them. */
const outerLayers = [
  'providers',
  'cli',
  'config',
  'suites',
  'store',
  'server',
  'sandboxes',
  'queue',
  'web',
  'log-files',
  'interop',
  'loaders',
  'audit',
  'sealed',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'logs/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      globals: globals.node,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportAllDeclaration', message: 'Export names explicitly; no `export *`.' },
      ],
    },
  },
  {
    // The core is pure: no I/O, no environment, no adapters.
    files: ['src/core/**/*.ts', 'src/programme/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '^node:', message: 'src/core holds no I/O: take it through a port.' },
            {
              regex: `^(\\.\\./)+(${outerLayers.join('|')})(/|$)`,
              message: 'Arrows point inward: the core imports no adapter.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'src/core reads no environment: pass values in.' },
        { name: 'fetch', message: 'src/core does no I/O: inject a ModelApi.' },
        { name: 'require', message: 'ESM only.' },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
);
