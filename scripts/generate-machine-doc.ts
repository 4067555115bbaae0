import { writeFileSync } from 'node:fs'
import { machineDocPath, renderMachineDoc } from './machine-doc'

writeFileSync(machineDocPath, renderMachineDoc())
console.log(`wrote ${machineDocPath}`)
