import { fileURLToPath } from 'node:url'
import { WorkingCalendar } from '../src/domain/calendar'
import { createPostMachine, lifecycleDepsFor, machineDoc } from '../src/domain/post-lifecycle'

export const machineDocPath = fileURLToPath(new URL('../docs/post-lifecycle.md', import.meta.url))

export function renderMachineDoc(): string {
  return machineDoc(createPostMachine(lifecycleDepsFor(new WorkingCalendar())))
}
