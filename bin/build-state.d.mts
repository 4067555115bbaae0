/** Types for build-state.mjs, which `npm start` runs as plain JavaScript. */
export const root: string
export const stampPath: string
export function sourcesHash(): string | null
export function buildState(): 'missing' | 'stale' | 'current'
