import { diffWords } from 'diff'
import { useMemo } from 'react'

// jsdiff's own tokenizer treats Cyrillic letters as punctuation; the Intl word segmenter does not.
const segmenter = new Intl.Segmenter('ru', { granularity: 'word' })

/** A word-level diff: removed words struck through in red, added ones underlined in green. */
export function WordDiff({ before, after }: { before: string; after: string }) {
  const parts = useMemo(
    () => diffWords(before, after, { intlSegmenter: segmenter }),
    [before, after],
  )
  if (before === after) return <p className="text-sm text-slate-600">Без изменений.</p>
  return (
    <p className="leading-relaxed whitespace-pre-wrap">
      {parts.map((p, i) =>
        p.added ? (
          <ins key={i} className="bg-emerald-100 text-emerald-900 underline decoration-emerald-600">
            <span className="sr-only">[добавлено: </span>
            {p.value}
            <span className="sr-only">]</span>
          </ins>
        ) : p.removed ? (
          <del key={i} className="bg-red-100 text-red-900">
            <span className="sr-only">[удалено: </span>
            {p.value}
            <span className="sr-only">]</span>
          </del>
        ) : (
          <span key={i}>{p.value}</span>
        ),
      )}
    </p>
  )
}
