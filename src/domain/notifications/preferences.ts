import { z } from 'zod'
import { addDays, fromRegion, toRegion } from '../calendar/region'
import type { UserRole } from '../roles'
import { isUrgent, notificationKinds, type NotificationFacts, type NotificationKind } from './rules'

/** Channels outside the tab; the in-app notification centre always gets everything. */
export const outsideChannels = ['email', 'telegram', 'max', 'push'] as const
export type OutsideChannel = (typeof outsideChannels)[number]

const clockTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Время в формате ЧЧ:ММ, например 21:00')

/** A person's choices: channels per kind of event, and quiet hours (region time) or none. */
export const notificationSettingsSchema = z
  .object({
    channels: z.partialRecord(
      z.enum(notificationKinds),
      z.array(z.enum(outsideChannels)).max(outsideChannels.length),
    ),
    quietHours: z
      .object({ from: clockTime, to: clockTime })
      .strict()
      .refine((q) => q.from !== q.to, 'Начало и конец тихих часов совпадают')
      .nullable(),
    /** Kinds that may come in quiet hours too: the governor's own choice. */
    evenWhenQuiet: z.array(z.enum(notificationKinds)).max(notificationKinds.length),
    /** When the digest of what waits for a decision comes (region time); the governor's. */
    digestAt: z
      .array(clockTime)
      .max(4, 'Не больше четырёх сводок в день')
      .refine((t) => new Set(t).size === t.length, 'Время сводки повторяется')
      .optional(),
  })
  .strict()
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>

/** Which kinds each role receives at all (the notification centre lists them). */
export const kindsForRole: Record<UserRole, readonly NotificationKind[]> = {
  department: [
    'newRequest',
    'requestReturned',
    'requestWithdrawn',
    'reminder',
    'overdue',
    'commentRouted',
    'answerReturned',
    'commentWithdrawn',
    'commentReminder',
    'commentOverdue',
  ],
  editor: [
    'materialSubmitted',
    'governorDecision',
    'publicationTrouble',
    'overdue',
    'reminder',
    'answerSubmitted',
    'commentOverdue',
  ],
  governor: ['awaitingGovernor', 'governorDigest'],
  admin: [],
}

export const kindLabels: Record<NotificationKind, string> = {
  newRequest: 'Новый запрос',
  requestReturned: 'Материал возвращён на доработку',
  requestWithdrawn: 'Запрос отменён или передан',
  materialSubmitted: 'Материал от департамента',
  awaitingGovernor: 'Пост ждёт решения губернатора',
  governorDecision: 'Решение губернатора',
  publicationTrouble: 'Публикация требует внимания',
  governorDigest: 'Сводка: что ждёт решения',
  reminder: 'Напоминание о сроке запроса',
  overdue: 'Срок по запросу истёк',
  commentRouted: 'Комментарий жителя: нужен ответ',
  commentWithdrawn: 'Отвечать на комментарий не нужно',
  answerReturned: 'Ответ жителю возвращён на доработку',
  answerSubmitted: 'Ответ департамента на комментарий',
  commentReminder: 'Напоминание о сроке ответа жителю',
  commentOverdue: 'Срок ответа жителю истёк',
}

/**
 * Sensible defaults: a department contact, who opens Viza now and then, gets every request
 * everywhere; the SMC, at its desk all day, by e-mail and messenger; the governor, on the
 * move, in the messenger and on the tablet, never by e-mail, and with no quiet hours imposed.
 */
export function defaultSettings(role: UserRole): NotificationSettings {
  const every: OutsideChannel[] = ['email', 'telegram', 'max', 'push']
  const channels: NotificationSettings['channels'] = {}
  for (const kind of kindsForRole[role]) {
    channels[kind] = role === 'governor' ? ['telegram', 'max', 'push'] : every
  }
  return {
    channels,
    quietHours: role === 'governor' ? null : { from: '21:00', to: '08:00' },
    evenWhenQuiet: [],
    ...(role === 'governor' ? { digestAt: DEFAULT_DIGEST_AT } : {}),
  }
}

/** The governor's digest by default: the morning, before the working day. */
export const DEFAULT_DIGEST_AT = ['08:30']

/**
 * The digest slot that is due at `now`: a chosen time today (region time) that has passed by
 * less than `graceMin` — after a longer downtime the slot is skipped, not sent late.
 */
export function dueDigest(
  times: readonly string[],
  now: Date,
  graceMin = 60,
): { date: string; time: string } | null {
  const here = toRegion(now)
  const due = times
    .filter((t) => here.minute >= minutes(t) && here.minute < minutes(t) + graceMin)
    .sort()
    .at(-1)
  return due ? { date: here.date, time: due } : null
}

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

/** When quiet hours that hold at `now` end, or null when `now` is not in them. */
export function quietUntil(now: Date, quiet: { from: string; to: string } | null): Date | null {
  if (!quiet) return null
  const here = toRegion(now)
  const from = minutes(quiet.from)
  const to = minutes(quiet.to)
  const m = here.minute
  if (from < to) return m >= from && m < to ? fromRegion(here.date, to) : null
  // across midnight: 21:00–08:00
  if (m >= from) return fromRegion(addDays(here.date, 1), to)
  if (m < to) return fromRegion(here.date, to)
  return null
}

/**
 * Which outside channels a notification goes to for one person, and from when: the person's
 * choice for this kind (or the role's default), among the channels that reach them; held until
 * quiet hours end, except urgent requests and the kinds the person allowed in quiet hours.
 * `quietHoursOn: false` is `VIZA_NOTIFY_QUIET_HOURS=off`.
 */
export function planDelivery(
  role: UserRole,
  stored: NotificationSettings | null,
  n: Pick<NotificationFacts, 'kind' | 'urgent'>,
  reachable: readonly OutsideChannel[],
  now: Date,
  quietHoursOn = true,
): Array<{ channel: OutsideChannel; notBefore: Date }> {
  const settings = stored ?? defaultSettings(role)
  const wanted = settings.channels[n.kind] ?? defaultSettings(role).channels[n.kind] ?? []
  const channels = reachable.filter((c) => wanted.includes(c))
  const hold =
    // the digest comes when the person chose it to come
    quietHoursOn &&
    !isUrgent(n) &&
    n.kind !== 'governorDigest' &&
    !settings.evenWhenQuiet.includes(n.kind)
      ? quietUntil(now, settings.quietHours)
      : null
  return channels.map((channel) => ({ channel, notBefore: hold ?? now }))
}
