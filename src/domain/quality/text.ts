/** Splitting Russian text into words and sentences, with offsets into the original string. */

export interface Span {
  start: number
  end: number
  text: string
}

const LETTER = /[\p{L}]/u
/** A word: letters, optionally joined by single hyphens («Ханты-Мансийск», «что-нибудь»). */
const WORD = /\p{L}+(?:[-‐]\p{L}+)*/gu
/**
 * An e-mail address. It starts only where a run of address characters starts (the
 * look-behind): unanchored, `[\w.+-]+@` was tried again from every character of a long run
 * and failed each time at its end — quadratic (20,000 × «a» took 723 ms, issue 26). Anchored,
 * each character is read a bounded number of times.
 */
export const EMAIL = /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/gu

/** Links, e-mail addresses and @mentions are not words to spell-check. */
const NOT_PROSE = new RegExp(`(?:https?:\\/\\/|www\\.)\\S+|${EMAIL.source}|@\\w+`, 'giu')

/** Ranges that hold links, addresses and mentions. */
export function nonProseRanges(text: string): Array<[number, number]> {
  const out: Array<[number, number]> = []
  for (const m of text.matchAll(NOT_PROSE)) out.push([m.index, m.index + m[0].length])
  return out
}

/**
 * The words of the text outside links, e-mail addresses and mentions. A word glued to a
 * number («5-й», «10-го», «2026г») is a numeral's ending, not a word.
 */
export function words(text: string): Span[] {
  const skip = nonProseRanges(text)
  let next = 0 // both in text order: the first range not yet behind the word
  const out: Span[] = []
  for (const m of text.matchAll(WORD)) {
    const start = m.index
    while (next < skip.length && skip[next]![1] <= start) next++
    if (next < skip.length && skip[next]![0] <= start) continue
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
      // the tail only: the merged sentence grows, and testing all of it each time is quadratic
      (ABBREVIATION_END.test(prev.text.slice(-8)) || /^[\p{Ll}\d]/u.test(s.text)) &&
      !/\n/.test(text.slice(prev.end, s.start))
    if (prev && continues) {
      out[out.length - 1] = { start: prev.start, end: s.end, text: text.slice(prev.start, s.end) }
    } else out.push(s)
  }
  return out
}
