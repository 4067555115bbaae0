import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import pluginQuery from '@tanstack/eslint-plugin-query'
import globals from 'globals'
import { readdirSync } from 'node:fs'
import importX from 'eslint-plugin-import-x'
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript'

/** Feature folders of the browser app: each is a room of its own; they never import each other. */
const features = readdirSync('src/app/features', { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)

/** The one-way import rule: app → domain ← server. Neither side imports the other. */
const layer = (files, forbidden, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: [{ group: forbidden, message }] }],
  },
})

export default tseslint.config(
  {
    ignores: [
      'dist',
      'dist-server',
      'node_modules',
      'data',
      'test-results',
      'playwright-report',
      'src/server/db/migrations',
      'public/mockServiceWorker.js',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src/app/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks, '@tanstack/query': pluginQuery },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...pluginQuery.configs.recommended.rules,
    },
  },
  {
    // Tests read JSON answers loosely on purpose: the assertions check their shape.
    files: ['tests/**/*.ts', '**/*.test.ts', '**/*.test.tsx'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Import zones and cycles, checked on resolved paths (import-x skips type-only imports in
    // no-cycle: the type knots were untied by hand, see ARCHITECTURE.md).
    files: ['src/**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      ...importX.flatConfigs.typescript.settings,
      'import-x/resolver-next': [createTypeScriptImportResolver()],
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          zones: [
            {
              target: './src/shared',
              from: ['./src/server', './src/app', './src/mocks'],
              message: 'src/shared is the contract: it imports only the domain.',
            },
            {
              target: './src/server',
              from: './src/mocks',
              except: [],
              message:
                'Production server code never loads the MSW emulations (tests use tests/setup).',
            },
            ...features.map((f) => ({
              target: `./src/app/features/${f}`,
              from: './src/app/features',
              except: [`./${f}`],
              message:
                'Features do not import each other: move what they share to app/components or app/lib.',
            })),
          ],
        },
      ],
    },
  },
  {
    // The server's own unit tests may drive the adapters against the emulations.
    files: ['src/server/**/*.test.ts'],
    rules: { 'import-x/no-restricted-paths': 'off' },
  },
  layer(
    ['src/shared/**/*.ts'],
    ['hono', 'hono/*', '@hono/*', '@asteasolutions/*'],
    'src/shared reaches the browser: the OpenAPI machinery stays in src/server (routes/define.ts).',
  ),
  layer(
    ['src/domain/**/*.ts'],
    [
      '**/server/**',
      '**/app/**',
      'react',
      'react-dom',
      'hono',
      'hono/*',
      'drizzle-orm',
      'drizzle-orm/*',
      'pg',
      '@electric-sql/*',
      'node:*',
      'fs',
      'path',
    ],
    'src/domain is the pure rulebook: no I/O, no React, no server, no database.',
  ),
  {
    // The browser talks to the server over HTTP only: `hc` from hono/client, typed with the
    // server's `import type { ApiType }` (a type import, erased from the bundle).
    files: ['src/app/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'hono', message: 'Server code does not belong in the browser bundle.' }],
          patterns: [
            {
              group: ['**/server/**'],
              allowTypeImports: true,
              message:
                'The browser app talks to the server over HTTP only: `import type { ApiType }` is the one exception.',
            },
            {
              group: [
                'hono/*',
                '!hono/client',
                'drizzle-orm',
                'drizzle-orm/*',
                'pg',
                '@electric-sql/*',
                '@hono/*',
                'node:*',
              ],
              message: 'Server code does not belong in the browser bundle (hono/client does).',
            },
          ],
        },
      ],
    },
  },
  layer(
    ['src/server/**/*.ts'],
    ['**/app/**', 'react', 'react-dom', '@tanstack/*'],
    'The server never imports the browser app.',
  ),
)
