import { readFile, stat } from 'node:fs/promises'
import { Worker } from 'node:worker_threads'
import { checkedPart, combineIssues, type QualityIssue, type TextKind } from '../../domain/quality'
import {
  BUILT_IN_REGION_WORDS,
  parseRegionWords,
  type RegionWord,
} from '../../domain/quality/region-words'
import type { FromThread, ThreadData, ToThread } from './checker-thread'

/** At most this much of one check goes into spelling suggestions (see withSuggestionBudget). */
export const SUGGESTION_BUDGET_MS = 150
/** The hard bound on one text in the checker's thread, from the moment it is sent there. */
export const CHECK_LIMIT_MS = 2000

export interface CheckResult {
  issues: QualityIssue[]
  /** Set when the check was cut short: the issues are those found until then. */
  note?: string
}

export interface CheckerOptions {
  /** The admin's words file (`VIZA_REGION_WORDS`), or none. */
  wordsFile: string | null
  now?: () => number
  /** The hard bound on one text (default `CHECK_LIMIT_MS`; tests pass a tiny one). */
  limitMs?: number
  /** Tests only: hold the suggestion of one word in the thread (see ThreadData). */
  stall?: ThreadData['stall']
  /** Tests only: the thread has reached the held word, all findings before it received. */
  onHeld?: () => void
  /** The bound's timer (tests fire it themselves): returns its cancel. */
  timer?: (fire: () => void, ms: number) => () => void
}

const realTimer = (fire: () => void, ms: number) => {
  const t = setTimeout(fire, ms)
  return () => clearTimeout(t)
}

const seconds = new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 2 })

interface Running {
  issues: QualityIssue[]
  settle: (cut: boolean) => void
}

/** One checker thread: the worker, its readiness, its checks in flight, its region words. */
class CheckerThread {
  readonly ready: Promise<void>
  readonly running = new Map<number, Running>()
  fileWords: RegionWord[] = []
  fileStamp = ''
  /** Ended: for its time, or it stopped. */
  ended = false
  private notReady: (e: Error) => void = () => undefined

  constructor(
    readonly worker: Worker,
    onEnd: () => void,
    onHeld?: () => void,
  ) {
    worker.unref() // it never keeps the process alive; the server terminates it on close
    this.ready = new Promise((resolve, reject) => {
      this.notReady = reject
      worker.on('message', (m: FromThread) => {
        if (m.type === 'ready') resolve()
        else if (m.type === 'failed') reject(new Error(`the checker's dictionary: ${m.message}`))
        else if (m.type === 'issues') this.running.get(m.id)?.issues.push(...m.issues)
        else if (m.type === 'held') onHeld?.()
        else this.running.get(m.id)?.settle(false)
      })
      const end = (e: Error) => {
        if (this.ended) return
        this.ended = true
        reject(e)
        for (const r of [...this.running.values()]) r.settle(true)
        onEnd()
      }
      worker.on('error', end)
      worker.on('exit', (code) => end(new Error(`the checker's thread stopped (exit ${code})`)))
    })
    this.ready.catch(() => undefined)
  }

  send(m: ToThread) {
    this.worker.postMessage(m)
  }

  stop() {
    if (this.ended) return
    this.ended = true
    this.notReady(new Error("the checker's thread was ended for its time"))
    for (const r of [...this.running.values()]) r.settle(true)
    void this.worker.terminate()
  }
}

/**
 * The server's «отписка» checker. The rules and the dictionary (nspell over dictionary-ru and
 * the region's words, ≈3–4 s and ≈250 MB to build) live in a thread of their own
 * (checker-thread.ts): a check never holds the event loop, so `/api/health` and every other
 * request answer while texts are checked (issue 26). Each text gets at most `limitMs` there;
 * past it the answer is what was found so far with a note, and the thread is ended and started
 * again, so a runaway check cannot pile up behind it.
 *
 * The thread starts on first use, or at server start with `warm()` (production). The admin's
 * words file (`VIZA_REGION_WORDS`, default `<VIZA_DATA_DIR>/region-words.txt`) is read again
 * when it changes, at most every 10 s.
 */
export class QualityChecker {
  private thread: CheckerThread | null = null
  /** When the words file was last looked at (a new thread looks at once). */
  private lastLook = -Infinity
  private nextId = 1
  private keepWarm = false
  private closed = false
  private readonly wordsFile: string | null
  private readonly now: () => number
  private readonly limitMs: number

  constructor(private readonly options: CheckerOptions) {
    this.wordsFile = options.wordsFile
    this.now = options.now ?? Date.now
    this.limitMs = options.limitMs ?? CHECK_LIMIT_MS
  }

  /**
   * Starts the thread and its dictionary without waiting for it. At server start (production)
   * it also keeps one running: a thread ended for its time is replaced at once.
   */
  warm(keep = false) {
    if (keep) this.keepWarm = true
    this.start()
  }

  async check(text: string, kind: TextKind): Promise<CheckResult> {
    const source = checkedPart(text)
    const thread = this.start()
    await thread.ready
    await this.refreshWords(thread)
    const id = this.nextId++
    return new Promise<CheckResult>((resolve) => {
      const run: Running = {
        issues: [],
        settle: (cut) => {
          cancel()
          thread.running.delete(id)
          const issues = combineIssues(run.issues, kind)
          resolve(
            cut
              ? {
                  issues,
                  note: `Проверка не уложилась в ${seconds.format(this.limitMs / 1000)} с: показаны замечания, найденные за это время`,
                }
              : { issues },
          )
        },
      }
      const cancel = (this.options.timer ?? realTimer)(() => {
        // past the bound: every check in this thread is answered with what it has (on 'exit')
        run.settle(true)
        this.end(thread)
      }, this.limitMs)
      thread.running.set(id, run)
      // ended for another text's time while this one waited for it: nothing was checked
      if (thread.ended) run.settle(true)
      else thread.send({ type: 'check', id, text: source, kind })
    })
  }

  /** The region's words in force (built in + the admin's file), in the file's format. */
  async regionWords(): Promise<string> {
    const file = await this.readFile()
    return `${BUILT_IN_REGION_WORDS.trim()}\n# the admin's file\n${file?.source ?? ''}`
  }

  /** Ends the thread (the server is closing). */
  async close() {
    this.closed = true
    const thread = this.thread
    this.thread = null
    if (thread) await thread.worker.terminate()
  }

  private start(): CheckerThread {
    if (this.thread) return this.thread
    // From the bundle (dist-server/checker-thread.js, see scripts/build.mjs) or from the
    // source, through tsx's loader (checker-thread-source.mjs: tests, `tsx` runs).
    const built = import.meta.url.endsWith('.js')
    const file = new URL(
      built ? './checker-thread.js' : './checker-thread-source.mjs',
      import.meta.url,
    )
    const data: ThreadData = {
      suggestionBudgetMs: SUGGESTION_BUDGET_MS,
      stall: this.options.stall,
    }
    const thread: CheckerThread = new CheckerThread(
      new Worker(file, { workerData: data }),
      () => {
        if (this.thread !== thread) return
        this.thread = null
        if (this.keepWarm && !this.closed) this.start()
      },
      this.options.onHeld,
    )
    this.thread = thread
    this.lastLook = -Infinity
    return thread
  }

  private end(thread: CheckerThread) {
    if (this.thread === thread) this.thread = null
    thread.stop()
    if (this.keepWarm && !this.closed) this.start()
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

  private async refreshWords(thread: CheckerThread) {
    if (!this.wordsFile || this.now() - this.lastLook < 10_000) return
    this.lastLook = this.now()
    const file = await this.readFile()
    const stamp = file?.stamp ?? ''
    if (stamp === thread.fileStamp) return
    const next = file ? parseRegionWords(file.source) : []
    const kept = new Set(next.map((w) => w.word))
    thread.send({
      type: 'words',
      add: next,
      remove: thread.fileWords.filter((w) => !kept.has(w.word)).map((w) => w.word),
    })
    thread.fileWords = next
    thread.fileStamp = stamp
  }
}
