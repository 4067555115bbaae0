import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startTestServer, type ApiClient, type TestServer } from '../setup/test-server'

// The «отписка» checker over real HTTP, with the admin's words file.

const wordsDir = mkdtempSync(join(tmpdir(), 'viza-words-'))
const wordsFile = join(wordsDir, 'region-words.txt')

let t: TestServer
let dept: ApiClient
beforeAll(async () => {
  writeFileSync(wordsFile, '# слова администратора\nЛесобаза\n')
  t = await startTestServer({ config: { regionWordsFile: wordsFile } })
  dept = await t.client('deptOwn')
}, 120_000)
afterAll(async () => {
  await t?.close()
})

const check = (text: string, kind = 'answer') => dept.post('/api/quality/check', { text, kind })

describe('POST /api/quality/check', () => {
  it('reports each rule with its severity, offsets and suggestions', async () => {
    const text =
      'Ваше обращение рассмотрено. Щас вопрос находится на контроле, асвальт положат в ближайшее время.'
    const r = await check(text)
    expect(r.status).toBe(200)
    const byRule = Object.fromEntries(
      r.body.issues.map((i: any) => [i.rule, { ...i, words: text.slice(i.start, i.end) }]),
    )
    expect(Object.keys(byRule).sort()).toEqual([
      'colloquial',
      'greeting',
      'hollow',
      'specifics',
      'spelling',
    ])
    expect(byRule.spelling).toMatchObject({ severity: 'block', words: 'асвальт' })
    expect(byRule.spelling.suggestions).toContain('асфальт')
    expect(byRule.colloquial).toMatchObject({ severity: 'block', words: 'Щас' })
    expect(byRule.hollow.severity).toBe('warn')
    expect(byRule.greeting.message).toMatch(/приветствия/)
  }, 60_000)

  it('a good answer has no issue; a post draft gets warnings only', async () => {
    const good = await check(
      'Здравствуйте, Мария! Яму у дома № 14 на улице Ленина в Сургуте заделают до 5 июня.',
    )
    expect(good.body.issues).toEqual([])
    const post = await check('Щас расскажу, где положат асвальт.', 'post')
    expect(post.body.issues.map((i: any) => i.severity)).toEqual(['warn', 'warn'])
  })

  it('the admin’s words file is read, also when it changes', async () => {
    const text = 'Здравствуйте! На Лесобазе трубу заменят 5 мая, в Горноправдинске — 6 мая.'
    const before = await check(text)
    expect(before.body.issues.map((i: any) => text.slice(i.start, i.end))).toEqual([
      'Лесобазе',
      'Горноправдинске',
    ])
    writeFileSync(wordsFile, 'Лесобаза : база\nГорноправдинск : Новосибирск\n')
    // the file is looked at again at most every 10 s
    t.server.deps.quality['lastLook'] = 0
    const after = await check(text)
    expect(after.body.issues).toEqual([])
    const words = await dept.get('/api/quality/words')
    expect(words.status).toBe(200)
    expect(words.body).toContain('Сургут')
    expect(words.body).toContain('Горноправдинск : Новосибирск')
  })

  it('bad input is a 400 with a Russian message; anonymous is a 401', async () => {
    expect((await check('текст', 'letter')).status).toBe(400)
    expect((await dept.post('/api/quality/check', { kind: 'answer' })).status).toBe(400)
    const long = await check('а'.repeat(20_001))
    expect(long.status).toBe(400)
    expect(long.body.error.message).toMatch(/длиннее 20/)
    const anon = await t.anonymous().post('/api/quality/check', { text: 'x', kind: 'post' })
    expect(anon.status).toBe(401)
  })
})
