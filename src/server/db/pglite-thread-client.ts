/**
 * The main thread's side of the embedded database, which runs in its own thread
 * (pglite-thread.mjs): the few calls drizzle and Viza make of a PGlite instance — `query`,
 * `exec`, `transaction`, `listen`, `dumpDataDir`, `close` — as messages. Statements are queued
 * and ordered by PGlite itself in that thread, exactly as they were in-process: a transaction
 * holds the database until it ends, and a query outside it waits.
 */
import { Worker } from 'node:worker_threads'

interface Answer {
  id: number
  ok: boolean
  value?: unknown
  error?: Record<string, unknown> & { message: string }
}

type Notice = { notify: string; payload: string }

export interface QueryResult<T = Record<string, unknown>> {
  rows: T[]
  fields: Array<{ name: string; dataTypeID: number }>
  affectedRows?: number
}

/** The calls of one side of a transaction (or of the whole database, outside one). */
export interface PgliteQueries {
  query<T = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
    options?: { rowMode?: 'array' | 'object' },
  ): Promise<QueryResult<T>>
  exec(sql: string): Promise<QueryResult[]>
}

/** A database error from the thread, with PostgreSQL's fields (code, detail…) kept. */
function rebuildError(data: Answer['error']): Error {
  const { message, stack: _stack, ...fields } = data ?? { message: 'embedded database error' }
  return Object.assign(new Error(message), fields)
}

export class PgliteThread implements PgliteQueries {
  private nextId = 1
  private nextTx = 1
  private readonly pending = new Map<
    number,
    { resolve(v: unknown): void; reject(e: Error): void }
  >()
  private readonly listeners = new Map<string, Set<(payload: string) => void>>()
  private failure: Error | null = null

  private constructor(private readonly worker: Worker) {
    worker.on('message', (batch: Array<Answer | Notice>) => {
      for (const m of batch) {
        if ('notify' in m) {
          for (const listener of this.listeners.get(m.notify) ?? []) listener(m.payload)
          continue
        }
        const waiting = this.pending.get(m.id)
        if (!waiting) continue
        this.pending.delete(m.id)
        if (m.ok) waiting.resolve(m.value)
        else waiting.reject(rebuildError(m.error))
      }
    })
    // The thread died (out of memory, a bug): every waiting call fails, and so does every next.
    const fail = (e: Error) => {
      this.failure = e
      for (const waiting of this.pending.values()) waiting.reject(e)
      this.pending.clear()
    }
    worker.on('error', fail)
    worker.on('exit', (code) => fail(new Error(`the embedded database stopped (exit ${code})`)))
  }

  static async start(options: {
    dataDir?: string
    loadDataDir?: Blob
    startParams: string[]
  }): Promise<PgliteThread> {
    const loadDataDir = options.loadDataDir ? await options.loadDataDir.arrayBuffer() : undefined
    const worker = new Worker(new URL('./pglite-thread.mjs', import.meta.url), {
      workerData: { dataDir: options.dataDir, loadDataDir, startParams: options.startParams },
      transferList: loadDataDir ? [loadDataDir] : [],
    })
    await new Promise<void>((resolve, reject) => {
      const onExit = (code: number) => reject(new Error(`the embedded database stopped (${code})`))
      worker.once('error', reject)
      worker.once('exit', onExit)
      worker.once('message', (m: { ready: boolean; error?: Answer['error'] }) => {
        worker.off('error', reject)
        worker.off('exit', onExit)
        if (m.ready) resolve()
        else reject(rebuildError(m.error))
      })
    })
    return new PgliteThread(worker)
  }

  private call<T>(op: string, args: Record<string, unknown> = {}): Promise<T> {
    if (this.failure) return Promise.reject(this.failure)
    const id = this.nextId++
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject })
      // Calls made in one turn of the event loop (the requests that arrived together) go to
      // the thread as one message: each message wakes it, which costs more than the copy.
      if (this.outgoing.push({ id, op, ...args }) === 1) setImmediate(this.flush)
    })
  }

  private outgoing: Array<Record<string, unknown>> = []
  private readonly flush = () => {
    const batch = this.outgoing
    this.outgoing = []
    try {
      this.worker.postMessage(batch)
    } catch {
      // A parameter no thread can receive (a function, say) fails its own call, not the batch.
      for (const message of batch) {
        try {
          this.worker.postMessage([message])
        } catch (e) {
          const waiting = this.pending.get(message.id as number)
          this.pending.delete(message.id as number)
          waiting?.reject(e as Error)
        }
      }
    }
  }

  query<T = Record<string, unknown>>(
    sql: string,
    params?: unknown[],
    options?: { rowMode?: 'array' | 'object' },
  ): Promise<QueryResult<T>> {
    // drizzle's per-query parsers are functions, which cannot cross: the thread has them set.
    return this.call('query', { sql, params, rowMode: options?.rowMode })
  }

  exec(sql: string): Promise<QueryResult[]> {
    return this.call('exec', { sql })
  }

  /** Commits when `fn` resolves, rolls back (and rethrows) when it throws. */
  async transaction<R>(fn: (tx: PgliteQueries) => Promise<R>): Promise<R> {
    const tx = this.nextTx++
    await this.call('begin', { tx })
    const queries: PgliteQueries = {
      query: (sql, params, options) =>
        this.call('query', { sql, params, rowMode: options?.rowMode, tx }),
      exec: (sql) => this.call('exec', { sql, tx }),
    }
    let result: R
    try {
      result = await fn(queries)
    } catch (e) {
      await this.call('end', { tx, commit: false }).catch(() => {})
      throw e
    }
    await this.call('end', { tx, commit: true })
    return result
  }

  /** One subscription per channel in the thread, however many listeners here. */
  async listen(
    channel: string,
    onPayload: (payload: string) => void,
  ): Promise<() => Promise<void>> {
    let listeners = this.listeners.get(channel)
    if (!listeners) {
      listeners = new Set()
      this.listeners.set(channel, listeners)
      await this.call('listen', { channel })
    }
    listeners.add(onPayload)
    return async () => {
      listeners.delete(onPayload)
      if (listeners.size === 0 && this.listeners.get(channel) === listeners) {
        this.listeners.delete(channel)
        await this.call('unlisten', { channel }).catch(() => {})
      }
    }
  }

  async dumpDataDir(compression: 'none' | 'gzip' | 'auto' = 'none'): Promise<Blob> {
    return new Blob([await this.call<ArrayBuffer>('dump', { compression })])
  }

  async close(): Promise<void> {
    if (!this.failure) await this.call('close')
    this.failure ??= new Error('the embedded database stopped (closed)')
    await this.worker.terminate()
  }
}
