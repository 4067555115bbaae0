import { addDays, isoDate, regionDay, type IsoDate } from './region'

/**
 * One year of the official Russian production calendar (производственный календарь).
 *
 * The lists are the calendar as published, not derived at run time: `daysOff` holds every
 * Monday–Friday that is not worked (holidays of Labour Code art. 112, the automatic transfers
 * of its part 2 and the transfers of the year's decree), `workingWeekendDays` the Saturdays and
 * Sundays that are worked, and `shortDays` the pre-holiday days shortened by one hour (art. 95).
 */
export interface ProductionYear {
  year: number
  /** The act the data follows; null when no decree is known and the statute alone applies. */
  decree: string | null
  /**
   * `official`: taken from the decree and the Ministry of Labour's calendar.
   * `provisional`: statutory holidays only (art. 112 with automatic transfer); deadlines that
   * touch such a year are marked provisional until an admin confirms the year.
   */
  status: 'official' | 'provisional'
  /** Transfers the decree orders, for display and audit. */
  transfers: ReadonlyArray<{ from: IsoDate; to: IsoDate }>
  daysOff: readonly IsoDate[]
  workingWeekendDays: readonly IsoDate[]
  shortDays: readonly IsoDate[]
  note?: string
}

/** Non-working public holidays of Labour Code art. 112 part 1, as month-day. */
export const STATUTORY_HOLIDAYS: ReadonlyArray<{ md: string; name: string }> = [
  { md: '01-01', name: 'Новогодние каникулы' },
  { md: '01-02', name: 'Новогодние каникулы' },
  { md: '01-03', name: 'Новогодние каникулы' },
  { md: '01-04', name: 'Новогодние каникулы' },
  { md: '01-05', name: 'Новогодние каникулы' },
  { md: '01-06', name: 'Новогодние каникулы' },
  { md: '01-07', name: 'Рождество Христово' },
  { md: '01-08', name: 'Новогодние каникулы' },
  { md: '02-23', name: 'День защитника Отечества' },
  { md: '03-08', name: 'Международный женский день' },
  { md: '05-01', name: 'Праздник Весны и Труда' },
  { md: '05-09', name: 'День Победы' },
  { md: '06-12', name: 'День России' },
  { md: '11-04', name: 'День народного единства' },
]

export function statutoryHolidays(year: number): IsoDate[] {
  return STATUTORY_HOLIDAYS.map((h) => `${year}-${h.md}`)
}

export const PRODUCTION_CALENDAR: readonly ProductionYear[] = [
  {
    year: 2025,
    decree:
      'Постановление Правительства РФ от 04.10.2024 № 1335 «О переносе выходных дней в 2025 году»',
    status: 'official',
    transfers: [
      { from: '2025-01-04', to: '2025-05-02' },
      { from: '2025-01-05', to: '2025-12-31' },
      { from: '2025-02-23', to: '2025-05-08' },
      { from: '2025-03-08', to: '2025-06-13' },
      { from: '2025-11-01', to: '2025-11-03' },
    ],
    daysOff: [
      '2025-01-01',
      '2025-01-02',
      '2025-01-03',
      '2025-01-06',
      '2025-01-07',
      '2025-01-08',
      '2025-05-01',
      '2025-05-02',
      '2025-05-08',
      '2025-05-09',
      '2025-06-12',
      '2025-06-13',
      '2025-11-03',
      '2025-11-04',
      '2025-12-31',
    ],
    workingWeekendDays: ['2025-11-01'],
    shortDays: ['2025-03-07', '2025-04-30', '2025-06-11', '2025-11-01'],
  },
  {
    year: 2026,
    decree:
      'Постановление Правительства РФ от 24.09.2025 № 1466 «О переносе выходных дней в 2026 году»',
    status: 'official',
    transfers: [
      { from: '2026-01-03', to: '2026-01-09' },
      { from: '2026-01-04', to: '2026-12-31' },
    ],
    daysOff: [
      '2026-01-01',
      '2026-01-02',
      '2026-01-05',
      '2026-01-06',
      '2026-01-07',
      '2026-01-08',
      '2026-01-09',
      '2026-02-23',
      '2026-03-09', // 8 March falls on a Sunday: moved to Monday by art. 112 part 2
      '2026-05-01',
      '2026-05-11', // 9 May falls on a Saturday: moved to Monday by art. 112 part 2
      '2026-06-12',
      '2026-11-04',
      '2026-12-31',
    ],
    workingWeekendDays: [],
    shortDays: ['2026-04-30', '2026-05-08', '2026-06-11', '2026-11-03'],
  },
  {
    ...statutoryYear(2027),
    note:
      'Когда правительство опубликует постановление о переносах на 2027 год, загрузите файл ' +
      'календаря или сверьте дни с постановлением и отметьте год как сверенный.',
  },
]

/**
 * A year without decree data: the holidays of art. 112 part 1, the automatic transfer of
 * its part 2 (a holiday on a weekend moves the day off to the next working day, except the
 * New Year holidays, which only a decree moves), and art. 95's shortened pre-holiday days.
 */
export function statutoryYear(year: number): ProductionYear {
  const holidays = new Set(statutoryHolidays(year))
  const isWeekend = (d: IsoDate) => regionDay(d).weekday >= 6
  const daysOff = new Set<IsoDate>()
  for (const h of holidays) if (!isWeekend(h)) daysOff.add(h)
  const newYearHolidays = new Set(statutoryHolidays(year).slice(0, 8))
  for (const h of [...holidays].sort()) {
    if (!isWeekend(h) || newYearHolidays.has(h)) continue
    let d = addDays(h, 1)
    while (isWeekend(d) || holidays.has(d) || daysOff.has(d)) d = addDays(d, 1)
    daysOff.add(d)
  }
  const shortDays: IsoDate[] = []
  for (const h of holidays) {
    const eve = addDays(h, -1)
    if (!isWeekend(eve) && !daysOff.has(eve) && !holidays.has(eve)) shortDays.push(eve)
  }
  // 31 December precedes 1 January of the next year.
  const newYearsEve = isoDate(year, 12, 31)
  if (!isWeekend(newYearsEve) && !daysOff.has(newYearsEve)) shortDays.push(newYearsEve)
  return {
    year,
    decree: null,
    status: 'provisional',
    transfers: [],
    daysOff: [...daysOff].sort(),
    workingWeekendDays: [],
    shortDays: shortDays.sort(),
  }
}
