// Lint rules that keep the process boundaries mechanical (see ../shared/STYLE.md, practice 10):
// core code under main/ never imports `electron` (only main/hosts/electron/ does), and the renderer and the
// shared contract never import Node modules or main-process code.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

export default tseslint.config(
  {
    ignores: [
      'node_modules/**',
      'out/**',
      'models/**',
      'test-results/**',
      'playwright-report/**',
      'e2e-artifacts/**',
      '.tmp/**',
      '.hexin-data/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    files: [
      '**/*.mjs',
      '**/*.js',
      'main/**/*.ts',
      'backoffice/**/*.ts',
      'test/**/*.ts',
      'e2e/**/*.ts',
      'scripts/**',
      'bin/**',
      '*.config.ts',
    ],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // electron-builder loads its hooks with require(): packaging/*.cjs are CommonJS.
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/hosts/electron/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'Core services never import electron; only main/hosts/electron/ does.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx', 'common/**/*.ts'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'electron', message: 'The renderer and the contract have no Electron access.' },
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'The renderer and the contract have no Node access.',
            })),
          ],
          patterns: [
            { group: ['**/main/**', '**/preload/**'], message: 'Import shared code from common/ only.' },
          ],
        },
      ],
    },
  },
  {
    files: ['preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['**/main/**', '**/renderer/**'], message: 'Preload builds its API from common/ only.' },
          ],
        },
      ],
    },
  },
);
