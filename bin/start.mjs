#!/usr/bin/env node
// `npm start`: the built server on plain `node`, no compiler at run time. The browser app and the
// server are built once — on the first start, or when their sources have changed since — and
// never again while they match (bin/build-state.mjs).
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { buildState, canBuild, root } from './build-state.mjs'

const state = buildState()
if (state !== 'current') {
  if (canBuild()) {
    process.stderr.write(
      state === 'missing'
        ? 'Собираю приложение (один раз)…\n'
        : 'Исходники изменились: пересобираю…\n',
    )
    const r = spawnSync(process.execPath, [join(root, 'scripts/build.mjs'), '--logLevel', 'warn'], {
      cwd: root,
      stdio: 'inherit',
    })
    if (r.status !== 0) process.exit(r.status ?? 1)
  } else if (state === 'missing') {
    process.stderr.write(
      'Приложение не собрано, а инструментов сборки нет (установка без devDependencies).\n' +
        'Соберите его там, где они есть: npm install && npm run build\n',
    )
    process.exit(1)
  } else {
    process.stderr.write('Исходники изменились после сборки; запускаю имеющуюся сборку.\n')
  }
}

await import(pathToFileURL(join(root, 'dist-server', 'main.js')).href)
