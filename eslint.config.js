// Lint, including the walls of ../shared/STYLE.md: the pure core may not reach Electron, Node or
// the database, and the renderer may reach nothing of the main process but src-main/shared.
import js from '@eslint/js'
import pluginVue from 'eslint-plugin-vue'
import tseslint from 'typescript-eslint'

const NODE_BUILTINS = [
  'assert',
  'buffer',
  'child_process',
  'cluster',
  'crypto',
  'dgram',
  'dns',
  'events',
  'fs',
  'fs/promises',
  'http',
  'https',
  'http2',
  'module',
  'net',
  'os',
  'path',
  'perf_hooks',
  'process',
  'readline',
  'stream',
  'timers',
  'tls',
  'url',
  'util',
  'v8',
  'vm',
  'worker_threads',
  'zlib',
]

/** The pure core: engine, network, dialects, labs' pure parts, and the IPC contract. */
export const PURE_DIRS = [
  'src-main/engine/**',
  'src-main/network/**',
  'src-main/dialects/**',
  'src-main/shared/**',
  'src-main/labs/*.ts',
]

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', 'test-results/**', 'playwright-report/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  // Single-file components too, so the renderer's wall covers their <script> blocks.
  ...pluginVue.configs['flat/essential'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
    // vue-tsc checks names; no-undef would only repeat it without knowing the DOM's globals.
    rules: { 'no-undef': 'off' },
  },
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: PURE_DIRS,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'The pure core runs outside Electron: pass data in instead.',
            },
            {
              name: 'better-sqlite3',
              message: 'The pure core never touches the database: storage/ does.',
            },
            ...NODE_BUILTINS.map((name) => ({
              name,
              message: 'The pure core may not use Node built-ins.',
            })),
          ],
          patterns: [{ group: ['node:*'], message: 'The pure core may not use Node built-ins.' }],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'Date', message: 'The pure core takes time as a parameter.' },
        { name: 'window', message: 'The pure core has no DOM.' },
        { name: 'document', message: 'The pure core has no DOM.' },
        { name: 'fetch', message: 'The pure core has no network.' },
      ],
    },
  },
  {
    files: ['src-renderer/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'electron',
              message: 'The renderer talks to main only through window.portwise.',
            },
          ],
          patterns: [
            { group: ['node:*'], message: 'The renderer never imports Node.' },
            {
              regex: '^(\\.\\./)+src-main/(?!shared/)',
              message: 'The renderer may import only src-main/shared (the IPC contract).',
            },
          ],
        },
      ],
    },
  },
)
