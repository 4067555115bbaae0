import { readFileSync } from 'node:fs'
import { expect, it } from 'vitest'
import { machineDocPath, renderMachineDoc } from './machine-doc'

it('docs/post-lifecycle.md matches the machine (run `npm run docs:machine` if not)', () => {
  expect(readFileSync(machineDocPath, 'utf8')).toBe(renderMachineDoc())
})
