import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import pluginQuery from '@tanstack/eslint-plugin-query'
import globals from 'globals'

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
  layer(
    ['src/app/**/*.{ts,tsx}'],
    [
      '**/server/**',
      'hono',
      'hono/*',
      'drizzle-orm',
      'drizzle-orm/*',
      'pg',
      '@electric-sql/*',
      'node:*',
    ],
    'The browser app talks to the server over HTTP only (import type from src/shared/api is fine).',
  ),
  layer(
    ['src/server/**/*.ts'],
    ['**/app/**', 'react', 'react-dom', '@tanstack/*'],
    'The server never imports the browser app.',
  ),
)
