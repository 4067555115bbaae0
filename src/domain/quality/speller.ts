import nspell from 'nspell'
import type { Speller } from './types'
import type { RegionWord } from './region-words'
import { suggestSpelling } from './suggest'

/** The Hunspell dictionary files (the bytes of `dictionary-ru`'s index.aff and index.dic). */
export interface DictionaryFiles {
  aff: Uint8Array | string
  dic: Uint8Array | string
}

const decoder = new TextDecoder('utf-8')
const asText = (b: Uint8Array | string) => (typeof b === 'string' ? b : decoder.decode(b))

/**
 * An nspell checker over the Russian dictionary plus the region's words. Building it is the
 * slow part (≈4 s and ≈250 MB for dictionary-ru): the server builds one per process on first
 * use, in a worker thread of its own. Suggestions come from `suggestSpelling` (a bounded number of
 * lookups, not nspell's own `suggest`, which can take seconds on one non-word) and are memoised.
 */
export interface EditableSpeller extends Speller {
  /** Adds the region's words (the admin's file changed); `like` gives the declension. */
  addWords(words: RegionWord[]): void
  removeWords(words: string[]): void
}

export function createSpeller(
  files: DictionaryFiles,
  regionWords: RegionWord[] = [],
): EditableSpeller {
  const spell = nspell({ aff: asText(files.aff), dic: asText(files.dic) })
  const suggestions = new Map<string, string[]>()
  const addWords = (list: RegionWord[]) => {
    for (const { word, like } of list) {
      if (like && spell.correct(like)) spell.add(word, like)
      else spell.add(word)
    }
    suggestions.clear()
  }
  addWords(regionWords)
  return {
    addWords,
    removeWords(list) {
      for (const word of list) spell.remove(word)
      suggestions.clear()
    },
    correct: (word) => spell.correct(word),
    suggest(word) {
      let found = suggestions.get(word)
      if (!found) {
        found = suggestSpelling(word, (w) => spell.correct(w))
        if (suggestions.size > 2000) suggestions.clear()
        suggestions.set(word, found)
      }
      return found
    },
  }
}

/**
 * The same speller for one check, whose suggestions stop once `budgetMs` of the clock given
 * have gone into them: an unknown word can cost nspell close to a second, and a person typing
 * needs the highlights more than the fifth suggestion. Words checked later get none.
 */
export function withSuggestionBudget(
  speller: Speller,
  budgetMs: number,
  now: () => number,
): Speller {
  let spent = 0
  return {
    correct: (word) => speller.correct(word),
    suggest(word) {
      if (spent >= budgetMs) return []
      const t0 = now()
      try {
        return speller.suggest(word)
      } finally {
        spent += now() - t0
      }
    },
  }
}
