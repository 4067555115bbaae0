import { expect, it } from 'vitest'
import { PRODUCTION_CALENDAR } from './production-calendar'

it('a provisional year’s note tells the admin what to do, in the admin’s words', () => {
  const provisional = PRODUCTION_CALENDAR.filter((y) => y.status === 'provisional')
  expect(provisional.length).toBeGreaterThan(0)
  for (const year of provisional) {
    // no decree it cannot show (the screen says there is none), no word of the developers'
    expect(year.decree ?? null).toBeNull()
    expect(year.note).not.toMatch(/№|задач/)
    expect(year.note).toMatch(/загрузите файл календаря/)
  }
})
