import { describe, expect, it } from 'vitest'
import { formatFigure } from '../../domain/analytics/columns'
import { csvCell } from './export'

// Issue 26, item 8: a cell that starts a formula (OWASP «CSV Injection») is written as text.
describe('CSV cells', () => {
  it.each([
    ['=HYPERLINK("http://evil";"Нажмите")', `"'=HYPERLINK(""http://evil"";""Нажмите"")"`],
    ['+7 (3467) 00-00-00', "'+7 (3467) 00-00-00"],
    ['-Департамент', "'-Департамент"],
    ['-1+1', "'-1+1"],
    ['@SUM(A1:A9)', "'@SUM(A1:A9)"],
    ['\t=1+1', `"'\t=1+1"`],
    ['\r=1+1', `"'\r=1+1"`],
  ])('neutralises %j', (text, cell) => {
    expect(csvCell(text)).toBe(cell)
  })

  it('keeps numbers numbers, negative ones too, exactly as the screen writes them', () => {
    for (const [value, format] of [
      [-1234.5, 'hours'],
      [-0.25, 'ratio'],
      [-3, 'count'],
      [-0.125, 'rate'],
      [6.85, 'hours'],
    ] as const) {
      const text = formatFigure(value, format)
      expect(csvCell(text)).toBe(text)
    }
    expect(csvCell('-1\u00a0234,5')).toBe('-1\u00a0234,5')
    expect(csvCell('-12,5 %')).toBe('-12,5 %')
  })

  it('leaves ordinary text alone, quoting only what the format needs', () => {
    expect(csvCell('Депздрав Югры')).toBe('Депздрав Югры')
    expect(csvCell('— нет данных')).toBe('— нет данных')
    expect(csvCell('a;b')).toBe('"a;b"')
    expect(csvCell('Тема «Мост» = готово')).toBe('Тема «Мост» = готово')
  })
})
