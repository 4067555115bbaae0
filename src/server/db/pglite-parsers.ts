import { types, type PGlite, type Transaction } from '@electric-sql/pglite'

/**
 * drizzle-orm's PGlite driver hands its own type parsers to every query (dates, timestamps and
 * intervals stay strings; drizzle maps them itself). PGlite then merges them into a copy of its
 * whole parser table (≈ 320 entries) on every call: 0.2–0.6 ms a query on this machine, more
 * than the query itself (`bench:api`'s profile; a bare update went from ≈ 0.6 ms to ≈ 0.3 ms).
 *
 * So the same parsers are installed once on the instance, and the client drizzle sees drops the
 * per-query copy. Same answers, one table.
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

type Queryable = Pick<PGlite | Transaction, 'query'>

function withoutParsers<T extends Queryable>(target: T, wrapTx: boolean): T {
  return new Proxy(target, {
    get(obj, prop) {
      if (prop === 'query') {
        return (query: string, params?: unknown[], options?: Record<string, unknown>) =>
          obj.query(query, params, options && { ...options, parsers: undefined })
      }
      if (wrapTx && prop === 'transaction') {
        return <R>(fn: (tx: Transaction) => Promise<R>) =>
          (obj as unknown as PGlite).transaction((tx) => fn(withoutParsers(tx, false)))
      }
      const value = Reflect.get(obj, prop, obj) as unknown
      // PGlite keeps its state in private fields: its methods must run on the instance itself.
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(obj) : value
    },
  })
}

/** The client to give drizzle: the instance's parsers set to drizzle's, per-query copies dropped. */
export function drizzleReadyPglite(client: PGlite): PGlite {
  const parsers = (client as unknown as { parsers: Record<number, (v: string) => unknown> }).parsers
  for (const oid of DRIZZLE_RAW_TYPES) parsers[oid] = (value: string) => value
  return withoutParsers(client, true)
}
