/**
 * Spelling suggestions with a bounded cost. nspell's own `suggest` falls back to edit distance
 * two over the whole alphabet when nothing is one edit away: for a six-letter non-word that is
 * hundreds of thousands of lookups (seconds, and a memo of every form tried — issue 26). Here
 * the words one edit away are tried (about 70 lookups a letter), then, only when none is a
 * word, a second edit on top of each cheap first one (a soft sign, a letter that sounds alike,
 * a doubled letter), two cheap edits first; never more than `maxLookups` lookups in all. The
 * cost is counted in lookups, not time, so it is the same on every machine and in every test.
 *
 * Candidates are ranked by what a writer of Russian gets wrong most: a soft sign (-тся/-ться),
 * a letter that sounds alike, a doubled letter, then a neighbouring key or two letters swapped,
 * then any other letter.
 */

const ALPHABET = 'абвгдеёжзийклмнопрстуфхцчшщъыьэюя'
const SIGNS = 'ьъ'

/**
 * Letters that sound alike: unstressed vowels, ё written е, a voiced consonant before a
 * voiceless one («зделать»), щ and ч (each pair both ways).
 */
const SOUND_ALIKE = [
  'ао',
  'еи',
  'ея',
  'иы',
  'её',
  'ая',
  'ую',
  'эе',
  'ия',
  'зс',
  'дт',
  'бп',
  'вф',
  'гк',
  'жш',
  'щч',
  'щш',
]
const soundAlike = new Set(SOUND_ALIKE.flatMap(([a, b]) => [a! + b!, b! + a!]))

/** ЙЦУКЕН neighbours in a row: a finger slipped one key. */
const ROWS = ['йцукенгшщзхъ', 'фывапролджэ', 'ячсмитьбю']
const neighbour = new Set(
  ROWS.flatMap((row) => [...row].slice(1).flatMap((c, i) => [row[i]! + c, c + row[i]!] as const)),
)

const COST = { sign: 0.3, sound: 0.5, double: 0.5, key: 0.7, swap: 0.7, other: 1 }

export interface SuggestLimits {
  /** At most this many dictionary lookups for one word (default 4,000). */
  maxLookups?: number
  /** At most this many suggestions (default 5). */
  max?: number
}

interface Edit {
  word: string
  cost: number
}

/** Every word one edit from `word` (lower case), with the cost of the edit. */
function edits(word: string): Edit[] {
  const out: Edit[] = []
  for (let i = 0; i <= word.length; i++) {
    const before = word.slice(0, i)
    const at = word[i]
    const after = word.slice(i + 1)
    if (at !== undefined) {
      // delete
      const doubled = word[i - 1] === at || word[i + 1] === at
      out.push({
        word: before + after,
        cost: SIGNS.includes(at) ? COST.sign : doubled ? COST.double : COST.other,
      })
      // swap with the next letter
      const next = word[i + 1]
      if (next !== undefined && next !== at)
        out.push({ word: before + next + at + word.slice(i + 2), cost: COST.swap })
    }
    for (const c of ALPHABET) {
      // insert before position i
      const doubles = c === at || c === word[i - 1]
      out.push({
        word: before + c + word.slice(i),
        cost: SIGNS.includes(c) ? COST.sign : doubles ? COST.double : COST.other,
      })
      // replace the letter at i
      if (at !== undefined && c !== at) {
        const pair = at + c
        out.push({
          word: before + c + after,
          cost:
            SIGNS.includes(c) && SIGNS.includes(at)
              ? COST.sign
              : soundAlike.has(pair)
                ? COST.sound
                : neighbour.has(pair)
                  ? COST.key
                  : COST.other,
        })
      }
    }
  }
  return out
}

/** The cheap edits (a sign, a letter that sounds alike, a doubled letter). */
const cheap = (e: Edit) => e.cost <= COST.double

const restoreCase = (original: string, lower: string) => {
  if (original === original.toUpperCase() && original.length > 1) return lower.toUpperCase()
  const first = original[0]!
  return first !== first.toLowerCase() ? lower[0]!.toUpperCase() + lower.slice(1) : lower
}

/**
 * Suggestions for a word `isWord` rejects, best first. Only Cyrillic words are looked at; a word
 * of other letters, or one longer than 30 letters, gets none.
 */
export function suggestSpelling(
  original: string,
  isWord: (word: string) => boolean,
  limits: SuggestLimits = {},
): string[] {
  const maxLookups = limits.maxLookups ?? 4000
  const max = limits.max ?? 5
  const word = original.toLowerCase()
  if (word.length < 2 || word.length > 30 || !/^[а-яё-]+$/.test(word)) return []
  let lookups = 0
  const tried = new Map<string, boolean>()
  const found = new Map<string, number>()
  const known = (w: string) => {
    let yes = tried.get(w)
    if (yes === undefined) {
      if (lookups >= maxLookups) return false
      lookups++
      const cased = restoreCase(original, w)
      yes = isWord(cased) || (cased !== w && isWord(w))
      tried.set(w, yes)
    }
    return yes
  }
  const offer = (w: string, cost: number) => {
    if (w === word || !known(w)) return
    const was = found.get(w)
    if (was === undefined || cost < was) found.set(w, cost)
  }
  const first = edits(word)
  for (const e of first) offer(e.word, e.cost)
  if (found.size === 0) {
    // two edits, at least one of them cheap: two cheap ones first, then a cheap one and any
    const firstCheap = first.filter(cheap)
    for (const pass of [cheap, (e: Edit) => !cheap(e)])
      for (const e of firstCheap) {
        if (lookups >= maxLookups) break
        for (const e2 of edits(e.word)) if (pass(e2)) offer(e2.word, e.cost + e2.cost)
      }
  }
  return [...found]
    .sort(([a, ca], [b, cb]) => ca - cb || a.localeCompare(b, 'ru'))
    .slice(0, max)
    .map(([w]) => restoreCase(original, w))
}
