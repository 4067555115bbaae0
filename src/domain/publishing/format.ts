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

const TOKEN =
  /\*\*([^*\n]+?)\*\*|(?<![\p{L}\p{N}_])_([^_\n]+?)_(?![\p{L}\p{N}_])|\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)/gu

export function parseMarkup(source: string): Segment[] {
  const out: Segment[] = []
  let last = 0
  for (const m of source.matchAll(TOKEN)) {
    if (m.index > last) out.push({ kind: 'text', text: source.slice(last, m.index) })
    if (m[1] !== undefined) out.push({ kind: 'bold', text: m[1] })
    else if (m[2] !== undefined) out.push({ kind: 'italic', text: m[2] })
    else out.push({ kind: 'link', text: m[3]!, url: m[4]! })
    last = m.index + m[0].length
  }
  if (last < source.length) out.push({ kind: 'text', text: source.slice(last) })
  return out
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
const escapeAttr = (s: string) => escapeHtml(s).replace(/"/g, '&quot;')

/** Telegram Bot API, parse_mode HTML: only &, <, > need escaping in text; quotes in attributes. */
export function renderTelegramHtml(segments: Segment[]): string {
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

/** The text's length as the channel counts it: Telegram counts what the reader sees. */
export function channelTextLength(text: string, channel: Channel): number {
  const segments = parseMarkup(text)
  return channel === 'telegram' ? visibleLength(segments) : renderPlain(segments).length
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
