/** Splitting Russian text into words and sentences, with offsets into the original string. */

export interface Span {
  start: number
  end: number
  text: string
}

const LETTER = /[\p{L}]/u
/** A word: letters, optionally joined by single hyphens («Ханты-Мансийск», «что-нибудь»). */
const WORD = /\p{L}+(?:[-‐]\p{L}+)*/gu
/** Links, e-mail addresses and @mentions are not words to spell-check. */
const NOT_PROSE = /(?:https?:\/\/|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|@\w+/giu

/** Ranges that hold links, addresses and mentions. */
export function nonProseRanges(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = []
  for (const m of text.matchAll(NOT_PROSE)) out.push([m.index, m.index + m[0].length])
  return out
}

const inside = (ranges: Array<[number, number]>, at: number) =>
  ranges.some(([s, e]) => at >= s && at < e)

/**
 * The words of the text outside links, e-mail addresses and mentions. A word glued to a
 * number («5-й», «10-го», «2026г») is a numeral's ending, not a word.
 */
export function words(text: string): Span[] {
  const skip = nonProseRanges(text)
  const out: Span[] = []
  for (const m of text.matchAll(WORD)) {
    const start = m.index
    if (inside(skip, start)) continue
    const before = text[start - 1] ?? ''
    const beforeTwo = text[start - 2] ?? ''
    if (/\d/.test(before) || (/[-‐]/.test(before) && /\d/.test(beforeTwo))) continue
    const after = text[start + m[0].length] ?? ''
    if (/\d/.test(after)) continue
    out.push({ start, end: start + m[0].length, text: m[0] })
  }
  return out
}

/** Sentences: up to and including `.`, `!`, `?`, `…` or a line break, trimmed. */
export function sentences(text: string): Span[] {
  const out: Span[] = []
  const re = /[^.!?…\n]+(?:[.!?…]+|\n|$)/g
  for (const m of text.matchAll(re)) {
    const raw = m[0]
    const lead = raw.length - raw.trimStart().length
    const body = raw.trim()
    if (!body || !LETTER.test(body)) continue
    out.push({ start: m.index + lead, end: m.index + lead + body.length, text: body })
  }
  return mergeAbbreviations(out, text)
}

/** «ст. 161», «ч. 2», «д. 5», «ул. Ленина», «г. Сургут»: a period after them ends no sentence. */
const ABBREVIATION_END =
  /(?:^|[\s(«"])(?:ст|ч|п|пп|д|ул|г|гг|пр|корп|кв|каб|им|т|тел|руб|тыс|млн|мкр|просп|пер|р|м|см|ср|др|т\.е|т\.к|т\.д|№)\.$/iu

function mergeAbbreviations(list: Span[], text: string): Span[] {
  const out: Span[] = []
  for (const s of list) {
    const prev = out[out.length - 1]
    // A sentence that starts in lower case or with a digit continues the previous one.
    const continues =
      prev !== undefined &&
      (ABBREVIATION_END.test(prev.text) || /^[\p{Ll}\d]/u.test(s.text)) &&
      !/\n/.test(text.slice(prev.end, s.start))
    if (prev && continues) {
      out[out.length - 1] = { start: prev.start, end: s.end, text: text.slice(prev.start, s.end) }
    } else out.push(s)
  }
  return out
}
