/**
 * The «отписка» checker's own thread (issue 26): it owns the dictionary (nspell over
 * dictionary-ru, ≈250 MB) and runs every rule, so a slow text never stops the server's event
 * loop. `QualityChecker` (checker.ts) starts it, sends it texts and bounds each one's time.
 *
 * From the main thread: `{ type: 'words', add, remove }` (the admin's region words changed) and
 * `{ type: 'check', id, text, kind }`. To it: `{ type: 'ready' }` or `{ type: 'failed' }` once,
 * then per check `{ type: 'issues', id, issues }` — the rules without the dictionary first, then
 * each spelling finding as it is made, so a check cut short still has what was found — and
 * `{ type: 'done', id }`.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { textRules } from '../../domain/quality/check'
import {
  BUILT_IN_REGION_WORDS,
  parseRegionWords,
  type RegionWord,
} from '../../domain/quality/region-words'
import { spellingRule } from '../../domain/quality/rules'
import {
  createSpeller,
  withSuggestionBudget,
  type EditableSpeller,
} from '../../domain/quality/speller'
import type { QualityIssue, Speller, TextKind } from '../../domain/quality/types'

export type ToThread =
  | { type: 'words'; add: RegionWord[]; remove: string[] }
  | { type: 'check'; id: number; text: string; kind: TextKind }

export type FromThread =
  | { type: 'ready' }
  | { type: 'failed'; message: string }
  | { type: 'issues'; id: number; issues: QualityIssue[] }
  | { type: 'done'; id: number }
  /** Tests only: the thread has reached the held word (every finding before it is sent). */
  | { type: 'held'; id: number }

export interface ThreadData {
  /** Suggestions stop once this much of one check has gone into them (a soft bound). */
  suggestionBudgetMs: number
  /**
   * Tests only: suggesting this word waits until `gate[0]` is no longer 0 — a check held in the
   * thread, to show the server answers meanwhile and that the hard bound cuts it short.
   */
  stall?: { word: string; gate: SharedArrayBuffer }
}

const port = parentPort!
const data = workerData as ThreadData

function held(speller: Speller, stall: NonNullable<ThreadData['stall']>, id: number): Speller {
  const gate = new Int32Array(stall.gate)
  return {
    correct: (w) => speller.correct(w),
    suggest(w) {
      if (w === stall.word) {
        port.postMessage({ type: 'held', id } satisfies FromThread)
        Atomics.wait(gate, 0, 0)
      }
      return speller.suggest(w)
    },
  }
}

let speller: EditableSpeller
try {
  const { default: dictionary } = await import('dictionary-ru')
  speller = createSpeller(dictionary, parseRegionWords(BUILT_IN_REGION_WORDS))
  port.postMessage({ type: 'ready' } satisfies FromThread)
} catch (e) {
  port.postMessage({ type: 'failed', message: (e as Error).message } satisfies FromThread)
  process.exit(1)
}

port.on('message', (m: ToThread) => {
  if (m.type === 'words') {
    speller.removeWords(m.remove)
    speller.addWords(m.add)
    return
  }
  const send = (issues: QualityIssue[]) =>
    port.postMessage({ type: 'issues', id: m.id, issues } satisfies FromThread)
  send(textRules(m.text, m.kind))
  let budgeted = withSuggestionBudget(speller, data.suggestionBudgetMs, () => performance.now())
  if (data.stall) budgeted = held(budgeted, data.stall, m.id)
  spellingRule(m.text, budgeted, (issue) => send([issue]))
  port.postMessage({ type: 'done', id: m.id } satisfies FromThread)
})
