// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/** Modules a pure layer may not import: no I/O, no editor, no host. '/net' is anchored: node's net, not core's ./net. */
const io = ['fs', 'fs/*', '/net', 'dgram', 'child_process', 'os', 'http', 'https', 'node:*'];
const editor = [
  'vscode',
  'vscode-languageserver',
  'vscode-languageserver/*',
  'vscode-languageclient',
  'vscode-languageclient/*',
];
const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/out/**',
      'test/fixtures/**',
      '.cache/**',
      'examples/**',
      '.stryker-tmp/**',
      'reports/**',
      // What benchmarks write (bench/lsp builds the shipped server bundle there); gitignored.
      'bench/results/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },
  {
    files: ['protocol/**/*.ts'],
    rules: restrict(
      [...io, ...editor, '@switchyard/*', '!@switchyard/protocol'],
      'protocol/ is the contract: zod only.',
    ),
  },
  {
    files: ['core/**/*.ts'],
    rules: restrict(
      [
        ...io,
        ...editor,
        '@switchyard/hostio',
        '@switchyard/server',
        '@switchyard/engine',
        '@switchyard/client',
        'dockerode',
        'ssh2',
        'ssh-config',
        'vscode-jsonrpc',
        'vscode-jsonrpc/*',
      ],
      'core/ is pure network semantics: no I/O, no editor, no host. Pass data in, return findings.',
    ),
  },
  {
    files: ['hostio/**/*.ts'],
    rules: restrict(
      [
        ...editor,
        '@switchyard/server',
        '@switchyard/engine',
        '@switchyard/client',
        'etcd3',
        'yaml',
        'cytoscape',
      ],
      'hostio/ is the I/O two apps share (SSH, known_hosts, the engine RPC client, the Docker reader): protocol/, core/, vscode-jsonrpc, dockerode, ssh2, ssh-config and Node only; never an editor or an app.',
    ),
  },
  {
    files: ['server/**/*.ts'],
    rules: restrict(
      ['vscode', '@switchyard/engine', '@switchyard/client', 'ssh2'],
      'server/ speaks LSP only; host facts reach it as snapshots from protocol/.',
    ),
  },
  {
    files: ['engine/**/*.ts'],
    rules: restrict(
      [...editor, '@switchyard/server', '@switchyard/client'],
      'engine/ runs on the host; it shares only protocol/ and core/.',
    ),
  },
  {
    files: ['client/**/*.ts'],
    rules: restrict(
      ['@switchyard/server', '@switchyard/engine'],
      'client/ talks to server and engine through protocol/ only.',
    ),
  },
  {
    // Runs as plain CommonJS inside VS Code's extension host (test/electron).
    files: ['test/electron/suite/**/*.js'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', exports: 'writable', setTimeout: 'readonly', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly' },
    },
  },
  {
    // CommonJS config for tools that read it with require() (.dependency-cruiser.cjs, scripts/lint/).
    files: ['**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: { require: 'readonly', module: 'writable', __dirname: 'readonly' },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
