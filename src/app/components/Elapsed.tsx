import type { ReactNode } from 'react'
import { useClockSelector } from '../lib/clock'
import { formatDurationLong, type GrammarCase } from '../lib/format'

/**
 * Time since a moment, in words, ticking on the page clock: «ждёт 5 минут», «поручение дано
 * 2 часа назад». The sentence around it decides the grammatical case.
 */
export function Elapsed({
  since,
  grammarCase = 'accusative',
  className,
  children,
}: {
  since: string
  grammarCase?: GrammarCase
  className: string
  children: (words: string) => ReactNode
}) {
  const words = useClockSelector((now) => formatDurationLong(now - Date.parse(since), grammarCase))
  return (
    <span role="timer" className={className}>
      {children(words)}
    </span>
  )
}
