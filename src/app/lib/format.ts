import { fromRegion, parseClock, REGION_TIME_ZONE } from '../../domain/calendar/region'

import { pluralRu } from '../../domain/ru'

export { pluralRu }

export const units = {
  day: ['день', 'дня', 'дней'],
  hour: ['час', 'часа', 'часов'],
  minute: ['минута', 'минуты', 'минут'],
  post: ['пост', 'поста', 'постов'],
} as const

/**
 * Duration words per grammatical case: the case is the sentence's («осталось 1 минута» —
 * nominative; «ждёт 1 минуту», «просрочено на 1 минуту» — accusative), the form is the number's.
 */
const durationWords = {
  nominative: { day: units.day, hour: units.hour, minute: units.minute },
  accusative: {
    day: units.day,
    hour: units.hour,
    minute: ['минуту', 'минуты', 'минут'] as const,
  },
} as const
export type GrammarCase = keyof typeof durationWords

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
export const formatDeadline = (iso: string | Date) => dateTime.format(new Date(iso))
export const formatFull = (iso: string | Date) => fullDateTime.format(new Date(iso))

const parts = (ms: number) => {
  const totalMinutes = Math.max(0, Math.floor(Math.abs(ms) / 60_000))
  return {
    days: Math.floor(totalMinutes / 1440),
    hours: Math.floor((totalMinutes % 1440) / 60),
    minutes: totalMinutes % 60,
  }
}

/** «3 ч 20 мин», «8 ч», «45 мин», «1 день 2 ч»: compact, for the countdown; zero parts dropped. */
export function formatDurationShort(ms: number): string {
  const { days, hours, minutes } = parts(ms)
  if (days > 0)
    return [`${days} ${pluralRu(days, units.day)}`, hours && `${hours} ч`].filter(Boolean).join(' ')
  if (hours > 0) return [`${hours} ч`, minutes && `${minutes} мин`].filter(Boolean).join(' ')
  if (minutes > 0) return `${minutes} мин`
  const seconds = Math.floor(Math.abs(ms) / 1000) % 60
  return `${seconds} с`
}

/** «2 часа 5 минут»: full words in the sentence's case, for screen readers and sentences. */
export function formatDurationLong(ms: number, grammarCase: GrammarCase = 'nominative'): string {
  const words = durationWords[grammarCase]
  const { days, hours, minutes } = parts(ms)
  if (!days && !hours && !minutes) return 'меньше минуты'
  const out: string[] = []
  if (days) out.push(`${days} ${pluralRu(days, words.day)}`)
  if (hours) out.push(`${hours} ${pluralRu(hours, words.hour)}`)
  if (minutes || out.length === 0) out.push(`${minutes} ${pluralRu(minutes, words.minute)}`)
  return out.join(' ')
}

/** `datetime-local` values are read as the region's time, not the browser's. */
export function regionInputToIso(value: string): string | null {
  if (!value) return null
  const [date, time] = value.split('T')
  return fromRegion(date!, parseClock(time!.slice(0, 5))).toISOString()
}
