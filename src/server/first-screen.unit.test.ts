import { describe, expect, it } from 'vitest'
import { FIRST_SCREEN_ELEMENT_ID, GOVERNOR_FIRST_READS } from '../shared/first-screen'
import { embedInShell, firstScreenHead, FirstScreenLeftOut } from './first-screen'

const SHELL = `<!doctype html>
<html lang="ru">
  <head>
    <title>Виза</title>
    <link rel="preload" href="/api/me" as="fetch" crossorigin />
    <script type="module" crossorigin src="/assets/index-abc.js"></script>
  </head>
  <body><div id="root"></div></body>
</html>`

/** Titles an editor may write that `replace`'s string patterns or HTML would take as syntax. */
const HOSTILE_TITLES = [
  'Итоги $`',
  "Итоги $'",
  'Итоги $& и $$5',
  'Конец </script><script>alert(1)</script>',
  'Комментарий <!-- и --> <b>жирный</b>',
  'Строки\u2028и\u2029абзацы',
]

const page = {
  modulePreloads: ['/assets/GovernorQueue-x.js'],
  serverTime: new Date(0),
  lastEventId: 42,
}

/** The API as the governor would get it, with these titles in his queue. */
function readsWith(titles: string[]) {
  return (url: string) => {
    const body =
      url === GOVERNOR_FIRST_READS.awaiting
        ? { items: titles.map((title, i) => ({ id: String(i), title })) }
        : { url }
    return new Response(JSON.stringify(body), { status: 200 })
  }
}

/** The JSON inside the page, as the browser's parser would find it. */
function embedded(html: string) {
  const open = `<script type="application/json" id="${FIRST_SCREEN_ELEMENT_ID}">`
  const start = html.indexOf(open) + open.length
  // the element ends at the first `</script` after it: that is what an HTML parser does
  const end = html.toLowerCase().indexOf('</script', start)
  return JSON.parse(html.slice(start, end)) as {
    lastEventId: number
    reads: { awaiting: { items: Array<{ title: string }> } }
  }
}

describe('the governor’s first screen inside the page', () => {
  it('carries any title as written, and leaves the rest of the page as it was', async () => {
    const head = await firstScreenHead('governor', '/', readsWith(HOSTILE_TITLES), page)
    const html = embedInShell(SHELL, head)

    const data = embedded(html)
    expect(data.reads.awaiting.items.map((i) => i.title)).toEqual(HOSTILE_TITLES)
    expect(data.lastEventId).toBe(42)
    // nothing of the page was pasted in, nothing of the data leaked out
    expect(html.match(/<\/head>/g)).toHaveLength(1)
    expect(html.match(/<script\b/g)).toHaveLength(2)
    expect(html.match(/<\/script>/g)).toHaveLength(2)
    expect(html).not.toContain('<!--')
    expect(html).not.toContain('href="/api/me"')
    expect(html).toContain('<link rel="modulepreload" href="/assets/GovernorQueue-x.js" />')
    expect(html.endsWith('<body><div id="root"></div></body>\n</html>')).toBe(true)
  })

  it('is for the governor opening his queue only', async () => {
    const read = readsWith([])
    expect(await firstScreenHead('editor', '/', read, page)).toBe('')
    expect(await firstScreenHead(null, '/', read, page)).toBe('')
    expect(await firstScreenHead('governor', '/published', read, page)).toBe('')
    expect(await firstScreenHead('governor', '/review', read, page)).not.toBe('')
  })

  it('is left out, saying why, when a read fails or the reads are late', async () => {
    const failing = (url: string) =>
      new Response('{}', { status: url === GOVERNOR_FIRST_READS.channels ? 503 : 200 })
    await expect(firstScreenHead('governor', '/', failing, page)).rejects.toThrow(
      new FirstScreenLeftOut(`${GOVERNOR_FIRST_READS.channels} answered 503`),
    )
    const slow = () => new Promise<Response>(() => {})
    await expect(firstScreenHead('governor', '/', slow, page, 20)).rejects.toThrow(
      'reads took over 20 ms',
    )
  })
})
