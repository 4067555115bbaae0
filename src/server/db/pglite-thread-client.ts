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

/** PostgreSQL's refusal of a statement (PGlite's DatabaseError), rebuilt on this side. */
export class DatabaseError extends Error {}

/**
 * An error from the thread, with PostgreSQL's fields (code, detail…) and its class kept (the
 * logs name it), and the thread's stack as `threadStack`.
 */
function rebuildError(data: Answer['error']): Error {
  const { message, stack, errorClass, ...fields } = data ?? { message: 'embedded database error' }
  const e = errorClass === 'DatabaseError' ? new DatabaseError(message) : new Error(message)
  return Object.assign(e, fields, { threadStack: stack })
}

export class PgliteThread implements PgliteQueries {
  private nextId = 1
  private nextTx = 1
  private readonly pending = new Map<
    number,
    { resolve(v: unknown): void; reject(e: Error): void }
  >()
  /** Per channel: this side's listeners, and the thread's subscription (awaited by each). */
  private readonly channels = new Map<
    string,
    { listeners: Set<(payload: string) => void>; ready: Promise<void> }
  >()
  private failure: Error | null = null

  private constructor(private readonly worker: Worker) {
    worker.on('message', (batch: Array<Answer | Notice>) => {
      for (const m of batch) {
        if ('notify' in m) {
          for (const listener of this.channels.get(m.notify)?.listeners ?? []) {
            // a listener's bug must not cost the answers that came in the same message
            try {
              listener(m.payload)
            } catch (e) {
              process.emitWarning(`a listener of ${m.notify} threw: ${String(e)}`)
            }
          }
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
    let entry = this.channels.get(channel)
    if (!entry) {
      const created = {
        listeners: new Set<(payload: string) => void>(),
        ready: this.call<void>('listen', { channel }),
      }
      // a failed subscription is forgotten, so the next listen tries again
      created.ready.catch(
        () => this.channels.get(channel) === created && this.channels.delete(channel),
      )
      this.channels.set(channel, created)
      entry = created
    }
    const subscribed = entry
    await subscribed.ready
    subscribed.listeners.add(onPayload)
    return async () => {
      subscribed.listeners.delete(onPayload)
      if (subscribed.listeners.size === 0 && this.channels.get(channel) === subscribed) {
        this.channels.delete(channel)
        await this.call('unlisten', { channel }).catch(() => {})
      }
    }
  }

  async dumpDataDir(compression: 'none' | 'gzip' | 'auto' = 'none'): Promise<Blob> {
    return new Blob([await this.call<ArrayBuffer>('dump', { compression })])
  }

  async close(): Promise<void> {
    try {
      if (!this.failure) await this.call('close')
    } finally {
      // whatever the thread answered, it goes: a live worker would keep the process running
      this.failure ??= new Error('the embedded database stopped (closed)')
      await this.worker.terminate()
    }
  }
}
