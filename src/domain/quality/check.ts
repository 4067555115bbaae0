import {
  colloquialRule,
  greetingRule,
  hollowRule,
  legislationRule,
  rudenessRule,
  specificsRule,
  spellingRule,
} from './rules'
import type { QualityIssue, Speller, TextKind } from './types'

export const MAX_CHECKED_LENGTH = 20_000

export interface CheckOptions {
  kind: TextKind
  /** Without a speller (the dictionary still loading in the browser) spelling is skipped. */
  speller?: Speller | null
}

/**
 * The «отписка» checker: every rule on the text, issues in text order. An answer gets every
 * rule; a post draft gets spelling, colloquialisms and rudeness, all as warnings. A blocking
 * issue stops an answer from being submitted (the SMC may override it with a written reason).
 */
export function checkText(text: string, { kind, speller }: CheckOptions): QualityIssue[] {
  const source = checkedPart(text)
  return combineIssues(
    [...(speller ? spellingRule(source, speller) : []), ...textRules(source, kind)],
    kind,
  )
}

/** The part of a text the checker reads: the first `MAX_CHECKED_LENGTH` characters. */
export const checkedPart = (text: string) =>
  text.length > MAX_CHECKED_LENGTH ? text.slice(0, MAX_CHECKED_LENGTH) : text

/**
 * Every rule but spelling (they need no dictionary). The server runs them and the spelling
 * rule in its checker's thread and puts the findings together with `combineIssues`.
 */
export function textRules(source: string, kind: TextKind): QualityIssue[] {
  const found = [...colloquialRule(source), ...rudenessRule(source)]
  if (kind === 'answer') {
    found.push(
      ...greetingRule(source),
      ...hollowRule(source),
      ...legislationRule(source),
      ...specificsRule(source),
    )
  }
  return found
}

/** The findings of the rules as reported: one per word, a post draft's as warnings, in text order. */
export function combineIssues(found: QualityIssue[], kind: TextKind): QualityIssue[] {
  const issues = dropOverlaps(found)
  if (kind === 'post') for (const i of issues) i.severity = 'warn'
  return issues.sort((a, b) => a.start - b.start || a.end - b.end || a.rule.localeCompare(b.rule))
}

/**
 * One word is reported once: a rude or colloquial word is not also a spelling mistake
 * («щас» is both; the message about the register is the useful one).
 */
function dropOverlaps(list: QualityIssue[]): QualityIssue[] {
  const register = list.filter((i) => i.rule === 'colloquial' || i.rule === 'rudeness')
  return list.filter(
    (i) => i.rule !== 'spelling' || !register.some((r) => i.start < r.end && r.start < i.end),
  )
}

export const hasBlockingIssue = (issues: QualityIssue[]) =>
  issues.some((i) => i.severity === 'block')
