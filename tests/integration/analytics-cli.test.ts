import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import ExcelJS from 'exceljs'
import { afterAll, describe, expect, it } from 'vitest'

const root = join(import.meta.dirname, '../..')
const dir = mkdtempSync(join(tmpdir(), 'viza-report-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const dbEnv = process.env.DATABASE_URL
  ? { DATABASE_URL: process.env.DATABASE_URL }
  : { VIZA_DATA_DIR: join(dir, 'data') }

function viza(args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/viza.mjs'), ...args], {
    cwd: dir,
    env: { ...process.env, ...dbEnv },
    encoding: 'utf8',
  })
  return { code: r.status, out: r.stdout, err: r.stderr }
}

describe('npx viza report', () => {
  it('prints the monthly CSV with the period and the calendar version', () => {
    const r = viza(['report', '--from', '2026-11-01', '--to', '2026-11-30', '--format', 'csv'])
    expect(r.err).toBe('')
    expect(r.code).toBe(0)
    const lines = r.out.replace(/^\uFEFF/, '').split('\r\n')
    expect(lines[1]).toBe('Период;01.11.2026 – 30.11.2026')
    expect(lines[2]).toMatch(/^Календарь;редакция \d+, /)
    expect(lines).toContain('Депздрав Югры;0;0;0;0;0;—;—;—;0;—;—;0;—')
    // the requests' table, then the citizens' comments' of the same period
    expect(lines.filter((l) => l.startsWith('Итого;'))).toHaveLength(2)
    const comments = lines.findIndex((l) => l.startsWith('Ответы на комментарии жителей'))
    expect(comments).toBeGreaterThan(lines.indexOf('Депздрав Югры;0;0;0;0;0;—;—;—;0;—;—;0;—'))
    expect(lines.slice(comments)).toContain('Депздрав Югры;0;0;0;0;0;—;—;—;0;—;—;0;—;0;0;0')
  })

  it('writes the XLSX to a file', async () => {
    const r = viza(['report', '--from', '2026-11-01', '--to', '2026-11-30', '--format', 'xlsx'])
    expect(r.code).toBe(0)
    expect(r.err).toContain('viza-departments-2026-11-01_2026-11-30.xlsx')
    const wb = new ExcelJS.Workbook()
    await wb.xlsx.load(
      readFileSync(join(dir, 'viza-departments-2026-11-01_2026-11-30.xlsx')) as never,
    )
    expect(wb.getWorksheet('Департаменты')!.getCell('B2').value).toBe('01.11.2026 – 30.11.2026')
    expect(wb.getWorksheet('Комментарии по департаментам')!.getCell('B2').value).toBe(
      '01.11.2026 – 30.11.2026',
    )
  })

  it('refuses bad input with exit code 2 and a Russian message', () => {
    for (const args of [
      ['--from', '2026-11-01', '--to', '2026-11-30', '--format', 'pdf'],
      ['--from', '2026-11-31', '--to', '2026-12-30', '--format', 'csv'],
      ['--to', '2026-11-30', '--format', 'csv'],
    ]) {
      const r = viza(['report', ...args])
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.err).toMatch(/Ошибка: --/)
    }
  })
})
