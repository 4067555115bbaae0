// Whether the built browser app (dist/) and server (dist-server/) match their sources: a hash of
// the sources is stored with the build, so a fresh checkout, a copy or a deploy that changes
// files' times never triggers a rebuild — only a change of content does.
import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = fileURLToPath(new URL('..', import.meta.url))
export const stampPath = join(root, 'dist-server', 'build.json')

const SOURCES = [
  'src',
  'index.html',
  'public',
  'vite.config.ts',
  'tsconfig.json',
  'package-lock.json',
  'scripts/build.mjs',
]

function files(path) {
  if (!statSync(path).isDirectory()) return [path]
  return readdirSync(path)
    .sort()
    .flatMap((f) => files(join(path, f)))
}

/** A hash of what the build is made from (tests excluded), or null without sources. */
export function sourcesHash() {
  const paths = SOURCES.map((p) => join(root, p)).filter(existsSync)
  if (!existsSync(join(root, 'src'))) return null
  const hash = createHash('sha256')
  for (const file of paths.flatMap(files)) {
    if (/\.test\.tsx?$/.test(file)) continue
    hash.update(relative(root, file)).update('\0').update(readFileSync(file)).update('\0')
  }
  return hash.digest('hex')
}

/** 'missing' (never built), 'stale' (sources changed since) or 'current'. */
export function buildState() {
  if (
    !existsSync(join(root, 'dist', 'index.html')) ||
    !existsSync(join(root, 'dist-server', 'main.js')) ||
    !existsSync(stampPath)
  )
    return 'missing'
  const sources = sourcesHash()
  if (sources === null) return 'current'
  const built = JSON.parse(readFileSync(stampPath, 'utf8')).sources
  return built === sources ? 'current' : 'stale'
}

/** The build tools are devDependencies: present after `npm install`, absent after `--omit=dev`. */
export function canBuild() {
  return (
    existsSync(join(root, 'node_modules', 'vite', 'package.json')) &&
    existsSync(join(root, 'node_modules', 'esbuild', 'package.json'))
  )
}
