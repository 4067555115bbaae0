import { readFile, stat } from 'node:fs/promises'
import { checkText, type QualityIssue, type TextKind } from '../../domain/quality'
import {
  BUILT_IN_REGION_WORDS,
  parseRegionWords,
  type RegionWord,
} from '../../domain/quality/region-words'
import {
  createSpeller,
  withSuggestionBudget,
  type EditableSpeller,
} from '../../domain/quality/speller'

/** At most this much of one check goes into spelling suggestions (see withSuggestionBudget). */
export const SUGGESTION_BUDGET_MS = 150

/**
 * The server's «отписка» checker: the domain's rules with an nspell speller over
 * dictionary-ru and the region's words. The dictionary is built on first use (≈4 s, ≈250 MB),
 * once per process. The admin's words file (`VIZA_REGION_WORDS`, default
 * `<VIZA_DATA_DIR>/region-words.txt`) is read again when it changes, at most every 10 s.
 */
export class QualityChecker {
  private speller: Promise<EditableSpeller> | null = null
  private fileWords: RegionWord[] = []
  private fileStamp = ''
  private lastLook = 0

  constructor(
    private readonly wordsFile: string | null,
    private readonly now: () => number = Date.now,
  ) {}

  /** Starts building the dictionary without waiting for it (an answer screen is opening). */
  warm() {
    void this.load().catch(() => undefined)
  }

  async check(text: string, kind: TextKind): Promise<QualityIssue[]> {
    const speller = await this.load()
    await this.refreshWords(speller)
    const budgeted = withSuggestionBudget(speller, SUGGESTION_BUDGET_MS, () => performance.now())
    return checkText(text, { kind, speller: budgeted })
  }

  /** The region's words in force (built in + the admin's file), in the file's format. */
  async regionWords(): Promise<string> {
    const file = await this.readFile()
    return `${BUILT_IN_REGION_WORDS.trim()}\n# the admin's file\n${file?.source ?? ''}`
  }

  private load(): Promise<EditableSpeller> {
    this.speller ??= (async () => {
      const { default: dictionary } = await import('dictionary-ru')
      return createSpeller(dictionary, parseRegionWords(BUILT_IN_REGION_WORDS))
    })()
    this.speller.catch(() => (this.speller = null))
    return this.speller
  }

  private async readFile(): Promise<{ source: string; stamp: string } | null> {
    if (!this.wordsFile) return null
    try {
      const info = await stat(this.wordsFile)
      const source = await readFile(this.wordsFile, 'utf8')
      return { source, stamp: `${info.mtimeMs}:${info.size}` }
    } catch {
      return null // no file: only the built-in words
    }
  }

  private async refreshWords(speller: EditableSpeller) {
    if (!this.wordsFile || this.now() - this.lastLook < 10_000) return
    this.lastLook = this.now()
    const file = await this.readFile()
    const stamp = file?.stamp ?? ''
    if (stamp === this.fileStamp) return
    const next = file ? parseRegionWords(file.source) : []
    const kept = new Set(next.map((w) => w.word))
    speller.removeWords(this.fileWords.filter((w) => !kept.has(w.word)).map((w) => w.word))
    speller.addWords(next)
    this.fileWords = next
    this.fileStamp = stamp
  }
}
