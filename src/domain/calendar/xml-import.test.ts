import { describe, expect, it } from 'vitest'
import { DEFAULT_CALENDAR_SETTINGS, WorkingCalendar } from '.'
import { CALENDAR_2027_XML as FILE_2027 } from '../../../tests/fixtures/calendar-2027'
import {
  applyProductionYear,
  CalendarXmlError,
  diffProductionYear,
  parseProductionCalendarXml,
} from './xml-import'

const issuesOf = (xml: string): string[] => {
  try {
    parseProductionCalendarXml(xml)
  } catch (e) {
    expect(e).toBeInstanceOf(CalendarXmlError)
    return (e as CalendarXmlError).issues
  }
  throw new Error('parsed')
}

describe('production calendar XML', () => {
  it('reads a realistic 2027 file: day types, holiday names, transfers', () => {
    const y = parseProductionCalendarXml(FILE_2027)
    expect(y.year).toBe(2027)
    expect(y.days).toHaveLength(23)
    expect(y.days[0]).toEqual({
      date: '2027-01-01',
      type: 'dayOff',
      holiday: 'Новогодние каникулы',
    })
    expect(y.days.find((d) => d.date === '2027-01-07')!.holiday).toBe('Рождество Христово')
    expect(y.days.find((d) => d.date === '2027-02-22')!.type).toBe('short')
    expect(y.days.find((d) => d.date === '2027-12-31')).toEqual({
      date: '2027-12-31',
      type: 'dayOff',
      from: '2027-01-02',
    })
  })

  it('shows what the file changes against the provisional year Viza ships', () => {
    const diff = diffProductionYear(
      DEFAULT_CALENDAR_SETTINGS,
      parseProductionCalendarXml(FILE_2027),
    )
    expect(diff.same).toBe(false)
    expect(diff.addedDaysOff.map((c) => [c.date, c.was])).toEqual([
      ['2027-11-05', 'working'],
      ['2027-12-31', 'short'],
    ])
    expect(diff.removedDaysOff).toEqual([])
    expect(diff.shortened).toEqual([])
    expect(diff.transfers).toContainEqual({ from: '2027-01-02', to: '2027-12-31' })
  })

  it('applies the file: the year matches it exactly, is official, other years untouched', () => {
    const settings = {
      ...DEFAULT_CALENDAR_SETTINGS,
      overrides: [
        { date: '2027-11-05', kind: 'working' as const },
        { date: '2027-07-01', kind: 'dayOff' as const },
        { date: '2026-12-30', kind: 'dayOff' as const },
      ],
    }
    const imported = parseProductionCalendarXml(FILE_2027)
    const applied = applyProductionYear(settings, imported)
    expect(applied.confirmedYears).toEqual([2027])
    expect(applied.overrides.some((o) => o.date === '2026-12-30')).toBe(true)
    expect(applied.overrides.some((o) => o.date === '2027-07-01')).toBe(false)
    expect(diffProductionYear(applied, imported).same).toBe(true)
    const cal = new WorkingCalendar(applied)
    expect(cal.day('2027-12-31').intervals).toEqual([])
    expect(cal.day('2027-12-30').provisional).toBe(false)
  })

  it('a worked Saturday and a day that is no longer short', () => {
    const xml = `<calendar year="2026"><days>
      <day d="01.01" t="1"/><day d="28.11" t="3"/><day d="30.04" t="2"/></days></calendar>`
    const diff = diffProductionYear(DEFAULT_CALENDAR_SETTINGS, parseProductionCalendarXml(xml))
    expect(diff.removedDaysOff.map((c) => c.date)).toContain('2026-11-28')
    expect(diff.noLongerShortened.map((c) => c.date)).toContain('2026-05-08')
    // every day off the file does not list becomes working again
    expect(diff.removedDaysOff.map((c) => c.date)).toContain('2026-01-02')
  })

  it('accepts a byte-order mark and surrounding blank lines', () => {
    expect(parseProductionCalendarXml(`\uFEFF\n${FILE_2027}\n`).days).toHaveLength(23)
  })

  it('malformed input gets clear Russian errors', () => {
    expect(
      issuesOf('<calendar year="2027"><days><day d="01.01" t="1"></days></calendar>')[0],
    ).toMatch(/Файл не читается как XML: строка 1/)
    // the validator's English never reaches the admin
    expect(issuesOf('<calendar year="2027"><days><day d="01.01" t="1"/></days>')[0]).toBe(
      'Файл не читается как XML: строка 1, позиция 1 (тег <calendar> не закрыт)',
    )
    for (const broken of [
      '<calendar year="2027"><days></day></calendar>',
      '<calendar year="2027" year="2028"></calendar>',
      '<calendar year="2027></calendar>',
      '<a/><b/>',
      '<calendar>&</calendar>',
    ])
      expect(
        issuesOf(broken)[0]!
          .replace(/<[^>]*>|«[^»]*»|XML/g, '')
          .replace(/у атрибута \S+|атрибут \S+/g, ''),
      ).not.toMatch(/[A-Za-z]/)
    expect(issuesOf('<root/>')[0]).toMatch(/Нет элемента <calendar/)
    expect(
      issuesOf('<calendar year="1812"><days><day d="01.01" t="1"/></days></calendar>')[0],
    ).toMatch(/от 2000 до 2100/)
    expect(issuesOf('<calendar year="2027"><days/></calendar>')[0]).toMatch(/нет ни одного дня/)
    const many = issuesOf(
      '<calendar year="2027"><days><day d="31.02" t="1"/><day d="1.1" t="1"/><day d="02.01" t="7"/>' +
        '<day d="03.01" t="1"/><day d="03.01" t="2"/></days></calendar>',
    )
    expect(many).toEqual([
      'день № 1: нет такой даты 31.02.2027',
      expect.stringMatching(/^день № 2: d — дата в формате ДД\.ММ/),
      expect.stringMatching(/^день № 3: t — тип дня 1, 2 или 3/),
      'день № 5: дата 03.01 указана дважды',
    ])
  })

  it('refuses DOCTYPE and entities outright (no entity expansion of any kind)', () => {
    const xxe = `<?xml version="1.0"?><!DOCTYPE c [<!ENTITY x SYSTEM "file:///etc/passwd">]>
      <calendar year="2027"><days><day d="01.01" t="1" h="&x;"/></days></calendar>`
    expect(issuesOf(xxe)[0]).toMatch(/DOCTYPE или ENTITY/)
    expect(issuesOf('<calendar year="2027">' + 'x'.repeat(200_001) + '</calendar>')[0]).toMatch(
      /больше 200 КБ/,
    )
  })
})
