import { fromRegion, parseClock, REGION_TIME_ZONE } from '../../domain/calendar/region'

import { pluralRu } from '../../domain/ru'

export { pluralRu }

export const units = {
  day: ['день', 'дня', 'дней'],
  hour: ['час', 'часа', 'часов'],
  minute: ['минута', 'минуты', 'минут'],
  post: ['публикация', 'публикации', 'публикаций'],
} as const

const dateTime = new Intl.DateTimeFormat('ru-RU', {
  timeZone: REGION_TIME_ZONE,
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
})
const fullDateTime = new Intl.DateTimeFormat('ru-RU', {
  timeZone: REGION_TIME_ZONE,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
})

/** «ср, 2 дек., 15:00» in the region's time, whatever the browser's zone. */
export const formatDeadline = (iso: string | Date) =>
  dateTime.format(new Date(iso)).replace(/\.,/g, ',')
export const formatFull = (iso: string | Date) => fullDateTime.format(new Date(iso))

/** «3 ч 20 мин»: compact, for the countdown itself. */
export function formatDurationShort(ms: number): string {
  const totalMinutes = Math.max(0, Math.floor(Math.abs(ms) / 60_000))
  const days = Math.floor(totalMinutes / 1440)
  const hours = Math.floor((totalMinutes % 1440) / 60)
  const minutes = totalMinutes % 60
  if (days > 0) return `${days} ${pluralRu(days, units.day)} ${hours} ч`
  if (hours > 0) return `${hours} ч ${minutes} мин`
  if (minutes > 0) return `${minutes} мин`
  const seconds = Math.floor(Math.abs(ms) / 1000) % 60
  return `${seconds} с`
}

/** «2 часа 5 минут»: full words, for screen readers and sentences. */
export function formatDurationLong(ms: number): string {
  const totalMinutes = Math.max(0, Math.floor(Math.abs(ms) / 60_000))
  const days = Math.floor(totalMinutes / 1440)
  const hours = Math.floor((totalMinutes % 1440) / 60)
  const minutes = totalMinutes % 60
  const parts: string[] = []
  if (days) parts.push(`${days} ${pluralRu(days, units.day)}`)
  if (hours) parts.push(`${hours} ${pluralRu(hours, units.hour)}`)
  if (minutes || parts.length === 0) parts.push(`${minutes} ${pluralRu(minutes, units.minute)}`)
  return parts.join(' ')
}

/** `datetime-local` values are read as the region's time, not the browser's. */
export function regionInputToIso(value: string): string | null {
  if (!value) return null
  const [date, time] = value.split('T')
  return fromRegion(date!, parseClock(time!.slice(0, 5))).toISOString()
}
