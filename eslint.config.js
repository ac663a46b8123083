import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The core never imports the TUI: it must stay usable headless and as a library.
const CORE = ['src/config/**', 'src/warehouse/**', 'src/sources/**', 'src/etl/**', 'src/sql/**', 'src/queries/**', 'src/cluster/**', 'src/generate/**', 'src/engines/**'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'scratch/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: CORE,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['ink', 'ink-*', 'react', 'react/*', 'react-dom'], message: 'the core must not depend on the TUI' },
            { group: ['**/screens/**', '**/components/**', '**/app.js', '**/cli/**', '**/cli.js'], message: 'the core must not import the TUI or the CLI' },
          ],
        },
      ],
    },
  },
  {
    // The screens' effects: they run core work and report back; drawing and screen state stay out of them.
    files: ['src/tui/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/screens/**', '**/components/**', '**/app.js'], message: 'src/tui runs effects: it must not import screens or components' }] },
      ],
    },
  },
);
