import { TZDate } from '@date-fns/tz'

/** Every deadline is reckoned in the region's time, whatever the server's or browser's zone. */
export const REGION_TIME_ZONE = 'Asia/Yekaterinburg'

/** A calendar date in the region, `YYYY-MM-DD`. */
export type IsoDate = string

/** Minutes after local midnight. */
export type MinuteOfDay = number

export interface RegionDay {
  date: IsoDate
  year: number
  /** ISO weekday: 1 = Monday … 7 = Sunday. */
  weekday: number
}

const pad = (n: number) => String(n).padStart(2, '0')

export function isoDate(year: number, month: number, day: number): IsoDate {
  return `${year}-${pad(month)}-${pad(day)}`
}

/** The region's calendar date and clock time of an instant. */
export function toRegion(instant: Date): RegionDay & { minute: MinuteOfDay; second: number } {
  const local = new TZDate(instant.getTime(), REGION_TIME_ZONE)
  const year = local.getFullYear()
  const jsDay = local.getDay()
  return {
    date: isoDate(year, local.getMonth() + 1, local.getDate()),
    year,
    weekday: jsDay === 0 ? 7 : jsDay,
    minute: local.getHours() * 60 + local.getMinutes(),
    second: local.getSeconds() + local.getMilliseconds() / 1000,
  }
}

/** Per date: the instant of local midnight, and whether the offset holds all day (no DST switch). */
const dayStarts = new Map<IsoDate, { midnight: number; uniform: boolean }>()

function tzInstant(date: IsoDate, minute: MinuteOfDay): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  return new TZDate(y, m - 1, d, Math.floor(minute / 60), minute % 60, REGION_TIME_ZONE).getTime()
}

/** The instant at which the region's clock shows `minute` on `date`. */
export function fromRegion(date: IsoDate, minute: MinuteOfDay): Date {
  let day = dayStarts.get(date)
  if (!day) {
    const midnight = tzInstant(date, 0)
    day = {
      midnight,
      uniform: tzInstant(date, 23 * 60 + 59) - midnight === (23 * 60 + 59) * 60_000,
    }
    if (dayStarts.size > 20_000) dayStarts.clear()
    dayStarts.set(date, day)
  }
  return new Date(day.uniform ? day.midnight + minute * 60_000 : tzInstant(date, minute))
}

export function regionDay(date: IsoDate): RegionDay {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  // A civil date's weekday does not depend on the zone: UTC arithmetic gives it without the
  // zone lookups (which made a year's calendar the slowest part of the governor's first screen).
  const jsDay = new Date(Date.UTC(y, m - 1, d)).getUTCDay()
  return { date, year: y, weekday: jsDay === 0 ? 7 : jsDay }
}

export function addDays(date: IsoDate, days: number): IsoDate {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const t = new Date(Date.UTC(y, m - 1, d + days))
  return isoDate(t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate())
}

/** Formats an instant as ISO 8601 with the region's offset: `2026-12-02T15:00:00+05:00`. */
export function formatRegionIso(instant: Date): string {
  const local = new TZDate(instant.getTime(), REGION_TIME_ZONE)
  const offsetMinutes = -local.getTimezoneOffset()
  const sign = offsetMinutes >= 0 ? '+' : '-'
  const abs = Math.abs(offsetMinutes)
  return (
    `${isoDate(local.getFullYear(), local.getMonth() + 1, local.getDate())}` +
    `T${pad(local.getHours())}:${pad(local.getMinutes())}:${pad(local.getSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  )
}

export function parseClock(hhmm: string): MinuteOfDay {
  const match = /^(\d{2}):(\d{2})$/.exec(hhmm)
  if (!match) throw new Error(`Bad clock time: ${hhmm}`)
  return Number(match[1]) * 60 + Number(match[2])
}
