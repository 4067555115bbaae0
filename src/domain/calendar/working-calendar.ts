import {
  PRODUCTION_CALENDAR,
  STATUTORY_HOLIDAYS,
  statutoryYear,
  type ProductionYear,
} from './production-calendar'
import { parseClock, regionDay, type IsoDate, type MinuteOfDay } from './region'

export interface DayHours {
  open: string
  close: string
}

export interface OfficeHours {
  /** Index 0 = Monday … 6 = Sunday; null = the weekday is not worked. */
  weekdays: Array<DayHours | null>
  /** Hours of a Saturday or Sunday made a working day by decree. */
  workingWeekend: DayHours
  lunch: { start: string; end: string } | null
  /** Art. 95: a pre-holiday day is one hour shorter. */
  shortDayMinutes: number
}

export interface DayOverride {
  date: IsoDate
  kind: 'working' | 'dayOff' | 'short'
  note?: string
}

export interface DeadlinePolicy {
  unit: 'workingDays' | 'workingHours' | 'hours'
  amount: number
}

export const deadlineKinds = ['regular', 'urgent', 'comment'] as const
export type DeadlineKind = (typeof deadlineKinds)[number]

export type DeadlinePolicies = Record<DeadlineKind, DeadlinePolicy>

/** Everything the deadline rules need; stored by the server, editable by the admin. */
export interface CalendarSettings {
  officeHours: OfficeHours
  policies: DeadlinePolicies
  overrides: DayOverride[]
  /** Years the admin has confirmed, so their deadlines are no longer provisional. */
  confirmedYears: number[]
}

const weekday = { open: '09:00', close: '18:00' }
export const DEFAULT_OFFICE_HOURS: OfficeHours = {
  weekdays: [weekday, weekday, weekday, weekday, weekday, null, null],
  workingWeekend: weekday,
  lunch: { start: '13:00', end: '14:00' },
  shortDayMinutes: 60,
}

export const DEFAULT_POLICIES: DeadlinePolicies = {
  regular: { unit: 'workingDays', amount: 1 },
  urgent: { unit: 'hours', amount: 3 },
  comment: { unit: 'workingHours', amount: 9 },
}

export const DEFAULT_CALENDAR_SETTINGS: CalendarSettings = {
  officeHours: DEFAULT_OFFICE_HOURS,
  policies: DEFAULT_POLICIES,
  overrides: [],
  confirmedYears: [],
}

const HOLIDAY_MONTH_DAYS = new Set(STATUTORY_HOLIDAYS.map((h) => h.md))

export type DayKind = 'working' | 'short' | 'weekend' | 'holiday' | 'transferredDayOff'

export interface DaySchedule {
  date: IsoDate
  kind: DayKind
  /** Working intervals in minutes of the day, lunch excluded; empty on a day off. */
  intervals: ReadonlyArray<readonly [MinuteOfDay, MinuteOfDay]>
  /** True when the year's data is statutory only and not confirmed. */
  provisional: boolean
}

/**
 * The working calendar: production-calendar years, office hours and the admin's overrides,
 * compiled into per-day schedules. Pure; build one per settings change and reuse it.
 */
export class WorkingCalendar {
  private readonly years = new Map<number, ProductionYear>()
  private readonly overrides = new Map<IsoDate, DayOverride>()
  private readonly cache = new Map<IsoDate, DaySchedule>()

  constructor(
    readonly settings: CalendarSettings = DEFAULT_CALENDAR_SETTINGS,
    years: readonly ProductionYear[] = PRODUCTION_CALENDAR,
  ) {
    for (const y of years) this.years.set(y.year, y)
    for (const o of settings.overrides) this.overrides.set(o.date, o)
  }

  get policies(): DeadlinePolicies {
    return this.settings.policies
  }

  productionYear(year: number): ProductionYear {
    let data = this.years.get(year)
    if (!data) {
      data = statutoryYear(year)
      this.years.set(year, data)
    }
    return data
  }

  day(date: IsoDate): DaySchedule {
    const cached = this.cache.get(date)
    if (cached) return cached
    const schedule = this.computeDay(date)
    if (this.cache.size > 5000) this.cache.clear()
    this.cache.set(date, schedule)
    return schedule
  }

  private computeDay(date: IsoDate): DaySchedule {
    const { year, weekday } = regionDay(date)
    const data = this.productionYear(year)
    const provisional =
      data.status === 'provisional' && !this.settings.confirmedYears.includes(year)
    const override = this.overrides.get(date)
    const isWeekend = weekday >= 6
    const hours = this.settings.officeHours

    let kind: DayKind
    if (override) {
      kind =
        override.kind === 'dayOff' ? (isWeekend ? 'weekend' : 'transferredDayOff') : override.kind
    } else if (data.daysOff.includes(date)) {
      kind = this.isHoliday(date) ? 'holiday' : 'transferredDayOff'
    } else if (data.workingWeekendDays.includes(date)) {
      kind = data.shortDays.includes(date) ? 'short' : 'working'
    } else if (data.shortDays.includes(date)) {
      kind = 'short'
    } else {
      kind = hours.weekdays[weekday - 1] ? 'working' : this.isHoliday(date) ? 'holiday' : 'weekend'
    }

    if (kind !== 'working' && kind !== 'short') return { date, kind, intervals: [], provisional }

    const dayHours = hours.weekdays[weekday - 1] ?? hours.workingWeekend
    const open = parseClock(dayHours.open)
    let close = parseClock(dayHours.close)
    if (kind === 'short') close = Math.max(open, close - hours.shortDayMinutes)
    const intervals: Array<[MinuteOfDay, MinuteOfDay]> = []
    if (hours.lunch) {
      const ls = parseClock(hours.lunch.start)
      const le = parseClock(hours.lunch.end)
      if (open < Math.min(ls, close)) intervals.push([open, Math.min(ls, close)])
      if (Math.max(le, open) < close) intervals.push([Math.max(le, open), close])
    } else {
      intervals.push([open, close])
    }
    return { date, kind, intervals, provisional }
  }

  /** A statutory holiday (art. 112) as opposed to a day off moved onto a weekday. */
  private isHoliday(date: IsoDate): boolean {
    return HOLIDAY_MONTH_DAYS.has(date.slice(5))
  }
}
