// Gzip size of the JS and CSS each role loads on first visit of its home, from the production
// build's manifest (run after `vite build`). Goal for the governor: ≤ 100 KB of JS.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

interface Chunk {
  file: string
  src?: string
  isEntry?: boolean
  imports?: string[]
  dynamicImports?: string[]
  css?: string[]
}
const dist = 'dist'
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8')) as Record<
  string,
  Chunk
>
const entryKey = Object.keys(manifest).find((k) => manifest[k]!.isEntry)!

/** Files loaded for a chunk: itself and its static imports, transitively (not lazy ones). */
function closure(key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen
  seen.add(key)
  for (const i of manifest[key]!.imports ?? []) closure(i, seen)
  return seen
}

const gz = (file: string) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length
const homes: Record<string, string> = {
  'sign-in': 'src/app/features/auth/SignInPage.tsx',
  editor: 'src/app/features/dashboard/EditorDashboard.tsx',
  department: 'src/app/features/inbox/DepartmentInbox.tsx',
  governor: 'src/app/features/review/GovernorQueue.tsx',
  admin: 'src/app/features/admin/AdminPage.tsx',
  analytics: 'src/app/features/analytics/AnalyticsPage.tsx',
  'governor week': 'src/app/features/analytics/WeeklySummary.tsx',
}
console.log('role         JS gzip    CSS gzip   files   JS gzip bytes')
for (const [role, page] of Object.entries(homes)) {
  const keys = closure(entryKey)
  if (page) closure(page, keys)
  const js = [...keys].map((k) => manifest[k]!.file)
  const css = [...new Set([...keys].flatMap((k) => manifest[k]!.css ?? []))]
  const jsBytes = js.reduce((s, f) => s + gz(f), 0)
  const jsKb = jsBytes / 1024
  const cssKb = css.reduce((s, f) => s + gz(f), 0) / 1024
  const flag =
    role === 'governor'
      ? jsKb <= 100
        ? '  (goal ≤ 100 KB: met)'
        : '  (goal ≤ 100 KB: MISSED)'
      : ''
  console.log(
    `${role.padEnd(12)} ${jsKb.toFixed(1).padStart(6)} KB ${cssKb.toFixed(1).padStart(7)} KB   ${String(js.length + css.length).padStart(5)}   ${String(jsBytes).padStart(13)}${flag}`,
  )
}
