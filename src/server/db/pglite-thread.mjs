// The embedded database's own thread. PGlite runs PostgreSQL in WebAssembly on the thread that
// calls it; on the server's main thread every statement stopped HTTP, live streams and timers
// for its whole duration (`npm run bench:api`: about a third of each event's CPU). Here it runs
// beside them, and the main thread talks to it through `PgliteThread` (pglite-thread-client.ts).
//
// Plain JavaScript on purpose: a worker is started from a file, and this one must run unchanged
// from the sources (tests, `npm run dev`) and from the build (dist-server/, copied there).
//
// Protocol: the main thread posts { id, op, ... }; the answer is { id, ok, value | error }.
// Notifications on a listened channel arrive as { notify: channel, payload }. Both directions
// send arrays of these: what is ready in one turn of the event loop goes as one message, because
// each message wakes the other thread, and under load the wake-ups cost more than the copying.
import { parentPort, workerData } from 'node:worker_threads'
import { PGlite, types } from '@electric-sql/pglite'

/**
 * drizzle-orm keeps dates, timestamps and intervals as strings and maps them itself; its driver
 * hands PGlite these parsers with every query. They are set once on the instance instead:
 * functions cannot cross threads, and PGlite would merge them into a copy of its whole parser
 * table (≈ 320 entries) on every call, 0.2–0.6 ms a query here, more than the query itself.
 */
const DRIZZLE_RAW_TYPES = [
  types.TIMESTAMP,
  types.TIMESTAMPTZ,
  types.INTERVAL,
  types.DATE,
  1231, // numeric[]
  1115, // timestamp[]
  1185, // timestamptz[]
  1187, // interval[]
  1182, // date[]
]

const ROLLBACK = Symbol('rollback')

/** Messages for the main thread, sent together at the end of this turn of the event loop. */
let outgoing = []
let transfers = []
function send(message, transfer) {
  if (outgoing.push(message) === 1) setImmediate(flush)
  if (transfer) transfers.push(transfer)
}
function flush() {
  const batch = outgoing
  const transfer = transfers
  outgoing = []
  transfers = []
  try {
    parentPort.postMessage(batch, transfer)
  } catch {
    // One answer could not be copied (a value no thread can receive): send the others, and
    // that one as an error, rather than lose the batch and leave its callers waiting.
    for (const message of batch) {
      try {
        parentPort.postMessage([message])
      } catch (e) {
        parentPort.postMessage([{ id: message.id, ok: false, error: errorData(e) }])
      }
    }
  }
}

/** What a database error says, as plain data (an Error's own fields do not survive the thread). */
function errorData(e) {
  if (!(e instanceof Error)) return { message: String(e) }
  // PostgreSQL's refusal carries its SQLSTATE and severity (PGlite's own class name is minified)
  const fromPostgres = typeof e.code === 'string' && 'severity' in e
  const data = {
    errorClass: fromPostgres ? 'DatabaseError' : e.constructor?.name,
    name: e.name,
    message: e.message,
    stack: e.stack,
  }
  for (const [key, value] of Object.entries(e)) {
    if (value === null || ['string', 'number', 'boolean'].includes(typeof value)) data[key] = value
  }
  return data
}

const { dataDir, loadDataDir, startParams } = workerData
let db
try {
  db = await PGlite.create(dataDir, {
    loadDataDir: loadDataDir ? new Blob([loadDataDir]) : undefined,
    startParams: [...PGlite.defaultStartParams, ...startParams],
  })
  for (const oid of DRIZZLE_RAW_TYPES) db.parsers[oid] = (value) => value
  parentPort.postMessage({ ready: true })
} catch (e) {
  parentPort.postMessage({ ready: false, error: errorData(e) })
  process.exit(1)
}

/** Open transactions by the main thread's id: PGlite's transaction, held until commit/rollback. */
const transactions = new Map()
/** Channels listened to, with PGlite's unsubscribe. */
const channels = new Map()

const target = (tx) => {
  if (tx === undefined) return db
  const open = transactions.get(tx)
  if (!open) throw new Error(`transaction ${tx} is not open`)
  return open.tx
}

const handlers = {
  query: ({ sql, params, rowMode, tx }) => target(tx).query(sql, params, { rowMode }),
  exec: ({ sql, tx }) => target(tx).exec(sql),
  /** Answers once PGlite has begun the transaction (it waits for any other to end first). */
  begin: ({ tx }) =>
    new Promise((began, failed) => {
      let end
      const ended = new Promise((commit, rollback) => {
        end = (commit_) => (commit_ ? commit() : rollback(ROLLBACK))
      })
      const settled = db.transaction(async (pgTx) => {
        transactions.set(tx, { tx: pgTx, end, settled })
        began(undefined)
        await ended
      })
      settled.catch((e) => failed(e)) // before the callback ran: BEGIN itself failed
    }),
  end: async ({ tx, commit }) => {
    const open = transactions.get(tx)
    if (!open) throw new Error(`transaction ${tx} is not open`)
    open.end(commit)
    try {
      await open.settled
    } catch (e) {
      if (e !== ROLLBACK) throw e
    } finally {
      transactions.delete(tx)
    }
  },
  // The subscription is kept as a promise from the first call on, so a second `listen` (or an
  // `unlisten`) arriving while PGlite subscribes waits for it instead of subscribing again.
  listen: async ({ channel }) => {
    if (!channels.has(channel)) {
      const subscribed = db.listen(channel, (payload) => send({ notify: channel, payload }))
      channels.set(channel, subscribed)
      subscribed.catch(() => channels.get(channel) === subscribed && channels.delete(channel))
    }
    await channels.get(channel)
  },
  unlisten: async ({ channel }) => {
    const subscribed = channels.get(channel)
    channels.delete(channel)
    if (subscribed) await (await subscribed)()
  },
  dump: async ({ compression }) => {
    const blob = await db.dumpDataDir(compression)
    return blob.arrayBuffer()
  },
  close: () => db.close(),
}

async function handle(message) {
  const { id, op } = message
  try {
    const value = await handlers[op](message)
    send({ id, ok: true, value }, value instanceof ArrayBuffer ? value : undefined)
  } catch (e) {
    send({ id, ok: false, error: errorData(e) })
  }
}

parentPort.on('message', (batch) => {
  for (const message of batch) void handle(message)
})
