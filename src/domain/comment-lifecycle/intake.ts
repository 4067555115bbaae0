import { isWorkingTime, nextOpening, type WorkingCalendar } from '../calendar'

/** `VIZA_COMMENT_INTAKE`: register at each full hour of working time (the regulation), or at once. */
export type IntakeRhythm = 'hourly' | 'immediate'

const HOUR = 3_600_000

/**
 * When a comment left at `leftAt` is registered (its answer clock starts then). Left outside
 * working time (evening, lunch, a holiday): at the next opening. Within working time: at once,
 * or with the hourly rhythm at the next full hour (a registration run at 18:00 takes what was
 * left from 17:00; one at 13:00 what was left before lunch). Offices open on full hours in the
 * region; the hours are the region's, whatever the server's zone (UTC+5 has whole hours).
 */
export function registrationTime(
  calendar: WorkingCalendar,
  leftAt: Date,
  rhythm: IntakeRhythm,
): Date {
  if (!isWorkingTime(calendar, leftAt)) return nextOpening(calendar, leftAt)
  if (rhythm === 'immediate') return leftAt
  const t = leftAt.getTime()
  return new Date(Math.ceil(t / HOUR) * HOUR)
}
