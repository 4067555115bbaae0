/**
 * The governor's first screen inside the page that starts the app (shared/first-screen.ts).
 * When a signed-in governor opens his queue, the shell carries:
 * - the answers of the queue's reads, made through the API itself (`read`: the same routes,
 *   the same cookie, the same access rules), as JSON the app puts in its cache before its first
 *   render;
 * - `modulepreload` for the queue's code, so it downloads beside the app's instead of after it.
 *
 * `npm run bench:lighthouse`, the two builds alternated on one machine (5 and 6 runs): with
 * `preload` hints for the reads alone, median LCP 2.40 s, score 0.92; with the answers and the
 * code in the page, LCP 2.19 s, score 0.965. The first paint is later (FCP 1.5 → 1.8 s: it waits
 * for the queue's code) but it is the queue, with no loading text and no second render.
 *
 * Only for a signed-in governor opening his queue: the other roles work on desktops. Anything
 * that goes wrong here costs only the optimisation: the page goes out as it is.
 * tests/e2e/first-screen.spec.ts checks that the queue is the first thing drawn and that the app
 * asks for none of these reads again when it starts.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { UserRole } from '../domain/roles'
import {
  FIRST_SCREEN_ELEMENT_ID,
  GOVERNOR_FIRST_READS,
  GOVERNOR_QUEUE_MODULE,
  GOVERNOR_QUEUE_PATHS,
  type FirstReads,
} from '../shared/first-screen'

interface ManifestChunk {
  file: string
  imports?: string[]
}

/**
 * The queue's chunk and every chunk it imports, but the app's own entry (already in the page),
 * from the build's manifest; none when there is no manifest (tests run without a build).
 */
export function queueModulePreloads(staticRoot: string): string[] {
  let manifest: Record<string, ManifestChunk>
  try {
    manifest = JSON.parse(readFileSync(join(staticRoot, '.vite/manifest.json'), 'utf8'))
  } catch {
    return []
  }
  const files = new Set<string>()
  const visit = (key: string) => {
    const chunk = manifest[key]
    if (!chunk || key === 'index.html' || files.has(`/${chunk.file}`)) return
    files.add(`/${chunk.file}`)
    for (const imported of chunk.imports ?? []) visit(imported)
  }
  visit(GOVERNOR_QUEUE_MODULE)
  return [...files]
}

/** JSON safe inside a `<script>` element: no `<` can close it or open a comment. */
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c')

/** Why the page goes without the first screen: a read's status or the time; no private data. */
export class FirstScreenLeftOut extends Error {}

/** How long the page may wait for the reads; past it, the page goes without them. */
export const FIRST_SCREEN_BUDGET_MS = 500

/**
 * What to add to the shell's `<head>` for this person at this path: nothing, unless it is the
 * governor opening his queue. Throws (the caller logs it and sends the page as it is) when a
 * read does not answer 200 or the reads take longer than `budgetMs`.
 * `lastEventId`: the live stream's position taken before the reads, from which the app's stream
 * resumes, so a change made while the page and its code travel is still heard.
 */
export async function firstScreenHead(
  role: UserRole | null,
  path: string,
  read: (url: string) => Response | Promise<Response>,
  page: { modulePreloads: string[]; serverTime: Date; lastEventId: number },
  budgetMs = FIRST_SCREEN_BUDGET_MS,
): Promise<string> {
  if (role !== 'governor' || !GOVERNOR_QUEUE_PATHS.includes(path)) return ''
  const entries = Object.entries(GOVERNOR_FIRST_READS) as Array<[keyof FirstReads, string]>
  const reads = Promise.all(
    entries.map(async ([name, url]) => {
      const res = await read(url)
      if (res.status !== 200) throw new FirstScreenLeftOut(`${url} answered ${res.status}`)
      return [name, await res.json()] as const
    }),
  )
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new FirstScreenLeftOut(`reads took over ${budgetMs} ms`)),
      budgetMs,
    )
  })
  const answers = await Promise.race([reads, late]).finally(() => clearTimeout(timer))
  const data = {
    serverTime: page.serverTime.toISOString(),
    lastEventId: page.lastEventId,
    reads: Object.fromEntries(answers),
  }
  return [
    ...page.modulePreloads.map((href) => `<link rel="modulepreload" href="${href}" />`),
    `<script type="application/json" id="${FIRST_SCREEN_ELEMENT_ID}">${scriptJson(data)}</script>`,
  ].join('\n    ')
}

/**
 * The shell with `head` added before `</head>`; who is signed in is then in the page, so the
 * shell's own early ask for it (its `/api/me` preload) goes. The text goes in as it is: given
 * to `replace` as a string, a `$&` or `` $` `` in a post's title would have pasted parts of the
 * page into the JSON.
 */
export function embedInShell(html: string, head: string): string {
  const withoutMe = html.replace(/\s*<link\b[^>]*\bhref="\/api\/me"[^>]*>/, '')
  const at = withoutMe.lastIndexOf('</head>')
  if (at < 0) return html
  return `${withoutMe.slice(0, at)}  ${head}\n  ${withoutMe.slice(at)}`
}
