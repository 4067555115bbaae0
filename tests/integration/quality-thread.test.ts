import { afterAll, describe, expect, it } from 'vitest'
import { QualityChecker } from '../../src/server/quality/checker'
import { startTestServer, type TestServer } from '../setup/test-server'

// Issue 26, item 1: one unknown word froze the whole server. The checker now runs in its own
// thread with a hard bound per text, and each person gets a rate of checks. No wall clock
// here: a check is *held* in the thread on one word (a gate the test opens), and the bound's
// timer is fired by the test.

const HELD = 'итачфз'

/** A gate: the thread waits on it while suggesting the held word, until `open()`. */
function gate() {
  const buffer = new SharedArrayBuffer(4)
  return {
    buffer,
    open() {
      const cell = new Int32Array(buffer)
      Atomics.store(cell, 0, 1)
      Atomics.notify(cell, 0)
    },
  }
}

describe('the server answers while a text is being checked', () => {
  const g = gate()
  let t: TestServer
  afterAll(async () => {
    g.open()
    await t?.close()
  })

  it('GET /api/health answers while a check is held in the checker’s thread', async () => {
    let reached: () => void = () => undefined
    const held = new Promise<void>((resolve) => (reached = resolve))
    t = await startTestServer({
      config: {
        checker: {
          limitMs: 600_000,
          stall: { word: HELD, gate: g.buffer },
          onHeld: () => reached(),
        },
      },
    })
    const dept = await t.client('deptOwn')
    let checked = false
    const pending = dept
      .post('/api/quality/check', { text: `Здравствуйте! Асвальт ${HELD} положат`, kind: 'post' })
      .then((r) => {
        checked = true
        return r
      })
    await held // the checker is busy with the text, stuck on the held word
    const health = await t.anonymous().get('/api/health')
    expect(health.status).toBe(200)
    // the health check answered while the text was still in the checker's thread
    expect(checked).toBe(false)
    g.open()
    const r = await pending
    expect(r.status).toBe(200)
    expect(r.body.note).toBeUndefined()
    const text = `Здравствуйте! Асвальт ${HELD} положат`
    expect(
      r.body.issues.map((i: { start: number; end: number }) => text.slice(i.start, i.end)),
    ).toEqual(['Асвальт', HELD])
  }, 120_000)
})

describe('the hard bound on one text', () => {
  const g = gate()
  let checker: QualityChecker
  afterAll(async () => {
    g.open()
    await checker?.close()
  })

  it('past the bound: the findings made so far and a note; the thread is replaced', async () => {
    let fire: (() => void) | null = null
    let reached: () => void = () => undefined
    const held = new Promise<void>((resolve) => (reached = resolve))
    checker = new QualityChecker({
      wordsFile: null,
      limitMs: 2000,
      stall: { word: HELD, gate: g.buffer },
      onHeld: () => reached(),
      timer: (f) => {
        fire = f
        return () => (fire = null)
      },
    })
    const text = `Щас асвальт ${HELD} положат`
    const cut = checker.check(text, 'answer')
    await held // the thread is stuck on the held word; everything before it has arrived
    fire!()
    const r = await cut
    expect(r.note).toBe('Проверка не уложилась в 2 с: показаны замечания, найденные за это время')
    const words = r.issues.map((i) => `${i.rule}:${text.slice(i.start, i.end)}`)
    // the rules without the dictionary, and the spelling finding before the held word
    expect(words).toContain('colloquial:Щас')
    expect(words).toContain('spelling:асвальт')
    expect(words).not.toContain(`spelling:${HELD}`)

    // a new thread (the held one was ended) checks the next text in full
    const full = await checker.check('Здравствуйте! Асвальт положат.', 'answer')
    expect(full.note).toBeUndefined()
    expect(full.issues.find((i) => i.rule === 'spelling')?.suggestions[0]).toBe('Асфальт')
  }, 120_000)
})

describe('checks per person', () => {
  let t: TestServer
  afterAll(async () => {
    await t?.close()
  })

  it('past the burst: 429 with a Russian message and the wait; others and later are served', async () => {
    t = await startTestServer({ config: { checkRate: { burst: 1, everyMs: 60_000 } } })
    const dept = await t.client('deptOwn')
    const editor = await t.client('editor')
    const check = (who: typeof dept) =>
      who.post('/api/quality/check', { text: 'Здравствуйте!', kind: 'post' })
    expect((await check(dept)).status).toBe(200)
    const refused = await check(dept)
    expect(refused.status).toBe(429)
    // the wait left of the minute (the server's clock runs while the dictionary loads)
    const wait = refused.body.error.details.retryAfterSeconds
    expect(wait).toBeGreaterThan(0)
    expect(wait).toBeLessThanOrEqual(60)
    expect(refused.body.error).toMatchObject({
      code: 'too_many_checks',
      message: `Слишком много проверок подряд. Следующая — через ${wait} с.`,
    })
    expect((await check(editor)).status).toBe(200)
    t.server.deps.testClock!.advance(60_000)
    expect((await check(dept)).status).toBe(200)
  }, 120_000)
})
