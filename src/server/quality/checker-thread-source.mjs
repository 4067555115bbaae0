// The checker's thread started from the source (tests, `tsx` runs): tsx's loader first, then
// the thread itself. The built server starts dist-server/checker-thread.js instead.
import { register } from 'tsx/esm/api'

register()
await import('./checker-thread.ts')
