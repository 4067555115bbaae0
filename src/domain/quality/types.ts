/** What the «отписка» checker reports (see docs/domain.md, "Rules for what is written"). */

export const QUALITY_RULES = [
  'greeting',
  'spelling',
  'colloquial',
  'rudeness',
  'hollow',
  'legislation',
  'specifics',
] as const
export type QualityRule = (typeof QUALITY_RULES)[number]

/** `block` stops an answer from being submitted (the SMC may override it with a reason). */
export type Severity = 'block' | 'warn'

/** `answer`: a reply to a citizen (every rule); `post`: a post draft (warnings only). */
export type TextKind = 'answer' | 'post'

export interface QualityIssue {
  rule: QualityRule
  severity: Severity
  /** UTF-16 offsets into the checked text, `end` exclusive (what `String.slice` takes). */
  start: number
  end: number
  message: string
  suggestions: string[]
  /**
   * The suggestions go in before `start` and nothing is deleted (a missing greeting: the
   * range marks the first sentence, which stays). Otherwise a suggestion replaces the range.
   */
  insert?: boolean
}

/** A spell checker the caller brings (nspell on both sides, see speller.ts). */
export interface Speller {
  correct(word: string): boolean
  suggest(word: string): string[]
}
