import { describe, expect, it } from 'vitest'
import { main } from './cli'

function run(argv: string[]) {
  const out: string[] = []
  const err: string[] = []
  const io = {
    out: (s: string) => out.push(s),
    err: (s: string) => err.push(s),
    stdin: async () => '',
  }
  return main(argv, io).then((code) => ({ code, out, err: err.join('\n') }))
}

describe('viza deadline', () => {
  it('prints one deadline per --from, in the region’s offset, whatever the input offset', async () => {
    const r = await run([
      'deadline',
      '--kind',
      'regular',
      '--from',
      '2026-12-01T15:00:00+05:00',
      '--from',
      '2026-12-05T06:00:00Z',
    ])
    expect(r).toEqual({
      code: 0,
      out: ['2026-12-02T15:00:00+05:00', '2026-12-07T18:00:00+05:00'],
      err: '',
    })
    expect(
      (await run(['deadline', '--kind', 'comment', '--from', '2026-12-01T10:00:00Z'])).out,
    ).toEqual(['2026-12-02T16:00:00+05:00'])
    expect(
      (await run(['deadline', '--kind', 'urgent', '--from', '2026-12-05T11:00:00+05:00'])).out,
    ).toEqual(['2026-12-05T14:00:00+05:00'])
  })

  it.each([
    [['deadline', '--kind', 'weekly', '--from', '2026-12-01T10:00:00Z'], /--kind/],
    [['deadline', '--kind', 'regular'], /--from/],
    [['deadline', '--kind', 'regular', '--from', '2026-12-01 10:00'], /ISO 8601/],
    [['deadline', '--kind', 'regular', '--from', '2026-02-30T10:00:00Z'], /несуществующая дата/],
    [['deadline', '--kind', 'regular', '--from', '2026-12-01T10:00:00Z', '--bogus'], /bogus/],
    [['frobnicate'], /Неизвестная команда/],
  ])('refuses %j with exit code 2 and a message on stderr', async (argv, message) => {
    const r = await run(argv as string[])
    expect(r.code).toBe(2)
    expect(r.out).toEqual([])
    expect(r.err).toMatch(message)
  })
})
