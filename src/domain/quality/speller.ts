import nspell from 'nspell'
import type { Speller } from './types'
import type { RegionWord } from './region-words'

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
 * use, the browser in a worker on the answer screen only. `suggest` is memoised (nspell's
 * suggestions cost tens of milliseconds each).
 */
export function createSpeller(files: DictionaryFiles, regionWords: RegionWord[] = []): Speller {
  const spell = nspell({ aff: asText(files.aff), dic: asText(files.dic) })
  for (const { word, like } of regionWords) {
    if (like && spell.correct(like)) spell.add(word, like)
    else spell.add(word)
  }
  const suggestions = new Map<string, string[]>()
  return {
    correct: (word) => spell.correct(word),
    suggest(word) {
      let found = suggestions.get(word)
      if (!found) {
        found = spell.suggest(word).slice(0, 5)
        if (suggestions.size > 2000) suggestions.clear()
        suggestions.set(word, found)
      }
      return found
    },
  }
}
