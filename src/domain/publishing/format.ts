import { channelLabels, type Channel } from '../channels'
import { chars } from '../ru'

/**
 * The post's text format, defined once: plain text with a small markup — `**bold**`,
 * `_italic_` and `[text](https://…)` — rendered per channel. Everything else is literal text.
 */
export type Segment =
  | { kind: 'text'; text: string }
  | { kind: 'bold'; text: string }
  | { kind: 'italic'; text: string }
  | { kind: 'link'; text: string; url: string }

/**
 * The grammar, as one regular expression would say it (and as the tests' oracle does):
 * `\*\*([^*\n]+?)\*\*` | `(?<![\p{L}\p{N}_])_([^_\n]+?)_(?![\p{L}\p{N}_])` |
 * `\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)`, tried in that order at each position. Run by a
 * regex engine, an unclosed `[` scans to the end of the text from every `[` — quadratic — so the
 * parser below answers "where is the next `*`, `_`, `]`, space…" from tables built in one
 * backward pass, and every position costs O(1): linear in the text, whatever the text.
 */
const WORD = /[\p{L}\p{N}_]/u
const SPACE = /\s/

/** For each index i, the first index ≥ i whose character satisfies `stop` (or the length). */
function nextIndex(source: string, stop: (code: number) => boolean, counter: { steps: number }) {
  const n = source.length
  const next = new Int32Array(n + 1)
  next[n] = n
  for (let i = n - 1; i >= 0; i--) {
    counter.steps++
    next[i] = stop(source.charCodeAt(i)) ? i : next[i + 1]!
  }
  return next
}

const STAR = 42
const UNDERSCORE = 95
const OPEN_BRACKET = 91
const CLOSE_BRACKET = 93
const OPEN_PAREN = 40
const CLOSE_PAREN = 41
const NEWLINE = 10

function isWordBefore(source: string, i: number): boolean {
  if (i === 0) return false
  const low = source.charCodeAt(i - 1)
  const high = i >= 2 ? source.charCodeAt(i - 2) : 0
  const pair = low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff
  return WORD.test(pair ? source.slice(i - 2, i) : source[i - 1]!)
}

function isWordAt(source: string, i: number): boolean {
  const cp = source.codePointAt(i)
  return cp !== undefined && WORD.test(String.fromCodePoint(cp))
}

/** The parser with its work counted (loop iterations), so tests can check it stays linear. */
export function parseMarkupCounted(source: string): { segments: Segment[]; steps: number } {
  const counter = { steps: 0 }
  const n = source.length
  const out: Segment[] = []
  // Only texts that could hold markup pay for the tables.
  if (!/[*_[]/.test(source)) {
    if (n) out.push({ kind: 'text', text: source })
    return { segments: out, steps: counter.steps }
  }
  const nextStar = nextIndex(source, (c) => c === STAR || c === NEWLINE, counter)
  const nextUnderscore = nextIndex(source, (c) => c === UNDERSCORE || c === NEWLINE, counter)
  const nextBracket = nextIndex(source, (c) => c === CLOSE_BRACKET || c === NEWLINE, counter)
  const nextUrlEnd = nextIndex(
    source,
    (c) => c === CLOSE_PAREN || SPACE.test(String.fromCharCode(c)),
    counter,
  )
  let last = 0
  let i = 0
  while (i < n) {
    counter.steps++
    const c = source.charCodeAt(i)
    let segment: Segment | null = null
    let end = i
    if (c === STAR && source.charCodeAt(i + 1) === STAR) {
      const p = nextStar[i + 2] ?? n
      if (p > i + 2 && source.charCodeAt(p) === STAR && source.charCodeAt(p + 1) === STAR) {
        segment = { kind: 'bold', text: source.slice(i + 2, p) }
        end = p + 2
      }
    }
    if (!segment && c === UNDERSCORE && !isWordBefore(source, i)) {
      const q = nextUnderscore[i + 1]!
      if (q > i + 1 && source.charCodeAt(q) === UNDERSCORE && !isWordAt(source, q + 1)) {
        segment = { kind: 'italic', text: source.slice(i + 1, q) }
        end = q + 1
      }
    }
    if (!segment && c === OPEN_BRACKET) {
      const j = nextBracket[i + 1]!
      if (
        j > i + 1 &&
        source.charCodeAt(j) === CLOSE_BRACKET &&
        source.charCodeAt(j + 1) === OPEN_PAREN
      ) {
        const u = j + 2
        const scheme = source.startsWith('https://', u)
          ? 8
          : source.startsWith('http://', u)
            ? 7
            : 0
        const k = scheme ? nextUrlEnd[u + scheme]! : -1
        if (scheme && k > u + scheme && source.charCodeAt(k) === CLOSE_PAREN) {
          segment = { kind: 'link', text: source.slice(i + 1, j), url: source.slice(u, k) }
          end = k + 1
        }
      }
    }
    if (segment) {
      if (i > last) out.push({ kind: 'text', text: source.slice(last, i) })
      out.push(segment)
      i = last = end
    } else {
      i++
    }
  }
  if (last < n) out.push({ kind: 'text', text: source.slice(last) })
  return { segments: out, steps: counter.steps }
}

export function parseMarkup(source: string): Segment[] {
  return parseMarkupCounted(source).segments
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const escapeAttr = (s: string) => escapeHtml(s).replace(/"/g, '&quot;')

/** Bold, italic and links as HTML tags, everything else escaped (&, <, >; quotes in `href`). */
function renderHtml(segments: Segment[]): string {
  return segments
    .map((s) => {
      switch (s.kind) {
        case 'text':
          return escapeHtml(s.text)
        case 'bold':
          return `<b>${escapeHtml(s.text)}</b>`
        case 'italic':
          return `<i>${escapeHtml(s.text)}</i>`
        case 'link':
          return `<a href="${escapeAttr(s.url)}">${escapeHtml(s.text)}</a>`
      }
    })
    .join('')
}

/** Telegram Bot API, parse_mode HTML: only &, <, > need escaping in text; quotes in attributes. */
export function renderTelegramHtml(segments: Segment[]): string {
  return renderHtml(segments)
}

/**
 * MAX Bot API, `format: "html"`: MAX keeps `<b>`, `<i>` and `<a href>` and strips every other
 * tag. HTML rather than MAX's Markdown because HTML's escaping is defined (`&amp;`, `&lt;`,
 * `&gt;`, `&quot;`), while MAX's Markdown documents no way to write a literal `*`, `_`, `~`,
 * `+`, `^` or `` ` `` — a citizen's «5*3» or «++» must arrive as written.
 */
export function renderMaxHtml(segments: Segment[]): string {
  return renderHtml(segments)
}

/** VK and OK posts take plain text: emphasis is dropped, links are written out. */
export function renderPlain(segments: Segment[]): string {
  return segments
    .map((s) => (s.kind === 'link' ? (s.text === s.url ? s.url : `${s.text} (${s.url})`) : s.text))
    .join('')
}

/** What the reader sees, in UTF-16 code units — how Telegram counts its 4096 / 1024 limits. */
export function visibleLength(segments: Segment[]): number {
  return segments.reduce((n, s) => n + s.text.length, 0)
}

export interface ChannelLimits {
  text: number
  /** With images the text becomes a caption (Telegram) and may be shorter. */
  textWithImages: number
  maxImages: number
  maxImageBytes: number
}

export const CHANNEL_LIMITS: Record<Channel, ChannelLimits> = {
  telegram: { text: 4096, textWithImages: 1024, maxImages: 10, maxImageBytes: 10 * 1024 * 1024 },
  vk: { text: 16384, textWithImages: 16384, maxImages: 10, maxImageBytes: 50 * 1024 * 1024 },
  ok: { text: 16384, textWithImages: 16384, maxImages: 10, maxImageBytes: 20 * 1024 * 1024 },
  // NewMessageBody.text: at most 4000 characters, with or without attachments; at most 12
  // attachments in all; an image uploaded in one request: up to 50 MB (and 7680 × 7680 px).
  max: { text: 4000, textWithImages: 4000, maxImages: 12, maxImageBytes: 50 * 1024 * 1024 },
  manual: {
    text: Infinity,
    textWithImages: Infinity,
    maxImages: Infinity,
    maxImageBytes: Infinity,
  },
}

export interface ChannelProblem {
  channel: Channel
  /** A sentence for people: what is wrong and what to do. */
  message: string
}

/**
 * The text's length as the channel counts it: Telegram counts what the reader sees; MAX limits
 * the `text` field it receives, so its count is the rendered HTML, tags and escapes included
 * (its documentation does not say that markup is free, so Viza does not assume it); VK and OK
 * count the plain text they get.
 */
export function channelTextLength(text: string, channel: Channel): number {
  const segments = parseMarkup(text)
  if (channel === 'telegram') return visibleLength(segments)
  if (channel === 'max') return renderMaxHtml(segments).length
  return renderPlain(segments).length
}

/** Problems that would make a channel refuse the post: checked before it goes to the governor. */
export function channelProblems(
  text: string,
  channels: readonly Channel[],
  images: ReadonlyArray<{ bytes: number }> = [],
): ChannelProblem[] {
  const problems: ChannelProblem[] = []
  for (const channel of channels) {
    const limits = CHANNEL_LIMITS[channel]
    const length = channelTextLength(text, channel)
    const caption = images.length > 0 && channel === 'telegram'
    const max = images.length ? limits.textWithImages : limits.text
    const where = caption
      ? 'подписи к фото в Telegram'
      : `поста в канале «${channelLabels[channel]}»`
    if (length > max) {
      problems.push({
        channel,
        message: `Текст длиннее ${where} (${chars(max)}): сократите на ${chars(length - max)}`,
      })
    }
    if (images.length > limits.maxImages)
      problems.push({
        channel,
        message: `В канал «${channelLabels[channel]}» можно не больше ${limits.maxImages} фото`,
      })
    if (images.some((i) => i.bytes > limits.maxImageBytes))
      problems.push({
        channel,
        message: `Фото больше ${Math.round(limits.maxImageBytes / 1048576)} МБ не примет канал «${channelLabels[channel]}»`,
      })
  }
  return problems
}
