// The embedded database in its own thread (src/server/db/pglite-thread.mjs) must behave as the
// in-process PGlite did for everything the server relies on: errors with PostgreSQL's fields,
// transactions that commit or roll back whole and keep other statements out while open, NOTIFY
// to every listener, and a clear failure (not a hang) when the thread is gone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PgliteThread } from '../../src/server/db/pglite-thread-client'

describe.skipIf(!!process.env.DATABASE_URL)('PGlite in its own thread', () => {
  let db: PgliteThread

  beforeAll(async () => {
    db = await PgliteThread.start({ startParams: ['-c', 'shared_buffers=16MB'] })
    await db.exec('create table t (id int primary key, v text not null)')
  }, 60_000)
  afterAll(() => db.close())

  it('answers rows and keeps timestamps as text (drizzle maps them itself)', async () => {
    const r = await db.query<{ n: number; at: string; j: { a: number[] } }>(
      `select 1 as n, '2026-11-27 10:00:00+03'::timestamptz as at, '{"a":[1,2]}'::jsonb as j`,
    )
    expect(r.rows).toEqual([{ n: 1, at: '2026-11-27 07:00:00+00', j: { a: [1, 2] } }])
    const arrays = await db.query<unknown[]>('select 1, $1::text', ['два'], { rowMode: 'array' })
    expect(arrays.rows).toEqual([[1, 'два']])
  })

  it("passes PostgreSQL's error fields across, and goes on after an error", async () => {
    await db.query('insert into t values (1, $1)', ['a'])
    const e = await db.query('insert into t values (1, $1)', ['b']).catch((x: unknown) => x)
    expect(e).toBeInstanceOf(Error)
    expect(e).toMatchObject({ code: '23505', constraint: 't_pkey' })
    // the logs name the error by its class (lib/log.ts errorFields)
    expect((e as Error).constructor.name).toBe('DatabaseError')
    expect((await db.query('select count(*)::int as n from t')).rows).toEqual([{ n: 1 }])
  })

  it('rolls a transaction back whole when its function throws, and commits it otherwise', async () => {
    const boom = new Error('передумали')
    await expect(
      db.transaction(async (tx) => {
        await tx.query('insert into t values (2, $1)', ['b'])
        throw boom
      }),
    ).rejects.toBe(boom)
    const answer = await db.transaction(async (tx) => {
      await tx.query('insert into t values (3, $1)', ['c'])
      return (await tx.query<{ n: number }>('select count(*)::int as n from t')).rows[0]!.n
    })
    expect(answer).toBe(2)
    expect((await db.query('select id from t order by id')).rows).toEqual([{ id: 1 }, { id: 3 }])
  })

  it('keeps a statement outside the transaction waiting until it ends', async () => {
    const order: string[] = []
    let release!: () => void
    const held = new Promise<void>((r) => (release = r))
    const tx = db.transaction(async (q) => {
      await q.query('update t set v = $1 where id = 1', ['в транзакции'])
      order.push('tx wrote')
      await held
      order.push('tx ends')
    })
    await new Promise((r) => setTimeout(r, 20))
    const outside = db
      .query<{ v: string }>('select v from t where id = 1')
      .then((r) => order.push(`read ${r.rows[0]!.v}`))
    await new Promise((r) => setTimeout(r, 50))
    release()
    await Promise.all([tx, outside])
    expect(order).toEqual(['tx wrote', 'tx ends', 'read в транзакции'])
  })

  it('delivers NOTIFY to every listener of a channel until each unsubscribes', async () => {
    const a: string[] = []
    const b: string[] = []
    const stopA = await db.listen('ping', (p) => a.push(p))
    const stopB = await db.listen('ping', (p) => b.push(p))
    await db.query(`select pg_notify('ping', 'один')`)
    await stopA()
    await db.query(`select pg_notify('ping', 'два')`)
    await stopB()
    await db.query(`select pg_notify('ping', 'три')`)
    await new Promise((r) => setTimeout(r, 50))
    expect(a).toEqual(['один'])
    expect(b).toEqual(['один', 'два'])
  })

  it('two listeners subscribing at once each hear every NOTIFY once', async () => {
    const a: string[] = []
    const b: string[] = []
    const [stopA, stopB] = await Promise.all([
      db.listen('pair', (p) => a.push(p)),
      db.listen('pair', (p) => b.push(p)),
    ])
    await db.query(`select pg_notify('pair', 'раз')`)
    await new Promise((r) => setTimeout(r, 50))
    await Promise.all([stopA(), stopB()])
    await db.query(`select pg_notify('pair', 'два')`)
    await new Promise((r) => setTimeout(r, 50))
    expect(a).toEqual(['раз'])
    expect(b).toEqual(['раз'])
  })

  it('dumps the data dir, and a thread started from the dump has the data', async () => {
    const dump = await db.dumpDataDir('none')
    const copy = await PgliteThread.start({ loadDataDir: dump, startParams: [] })
    try {
      expect((await copy.query('select id from t order by id')).rows).toEqual([
        { id: 1 },
        { id: 3 },
      ])
    } finally {
      await copy.close()
    }
  }, 60_000)

  it('fails only the call whose parameters cannot cross, not the others sent with it', async () => {
    const [bad, good] = await Promise.allSettled([
      db.query('select $1::text as v', [() => 'функция']),
      db.query<{ v: string }>('select $1::text as v', ['текст']),
    ])
    expect(bad.status).toBe('rejected')
    expect(good).toMatchObject({ status: 'fulfilled', value: { rows: [{ v: 'текст' }] } })
    expect((await db.query('select 1 as n')).rows).toEqual([{ n: 1 }])
  })

  it('fails the calls waiting on a thread that dies, and every later one', async () => {
    const doomed = await PgliteThread.start({ startParams: [] })
    const waiting = doomed.query('select pg_sleep(0.5)')
    await new Promise((r) => setTimeout(r, 50))
    // as a crash would: the worker goes with the call in flight
    await (doomed as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate()
    await expect(waiting).rejects.toThrow(/embedded database stopped/)
    await expect(doomed.query('select 1')).rejects.toThrow(/embedded database stopped/)
    await doomed.close()
  }, 60_000)

  it('fails every call clearly once the thread is gone, instead of waiting forever', async () => {
    const doomed = await PgliteThread.start({ startParams: [] })
    await doomed.close()
    await expect(doomed.query('select 1')).rejects.toThrow(/embedded database stopped/)
  }, 60_000)
})
