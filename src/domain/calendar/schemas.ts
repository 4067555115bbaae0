import { z } from 'zod'
import { POLICY_MAX_AMOUNT } from './deadlines'
import { parseClock } from './region'
import type { CalendarSettings, DeadlinePolicies } from './working-calendar'

/** Validation of calendar settings edited by the admin (server side and API contract). */
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'Время в формате ЧЧ:ММ')
const isoDateSchema = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Дата в формате ГГГГ-ММ-ДД')

/**
 * Whether `a` is before `b`; true when either is malformed — zod runs an object's refinement
 * even after a field failed its own check, and that failure is already reported.
 */
function before(a: string, b: string): boolean {
  try {
    return parseClock(a) < parseClock(b)
  } catch {
    return true
  }
}

const dayHours = z
  .object({ open: clock, close: clock })
  .refine((h) => before(h.open, h.close), 'Начало дня должно быть раньше конца')

export const officeHoursSchema = z
  .object({
    /** Index 0 = Monday … 6 = Sunday; null = the weekday is not worked. */
    weekdays: z.array(dayHours.nullable()).length(7),
    /** Hours of a Saturday or Sunday made a working day by decree. */
    workingWeekend: dayHours,
    lunch: z.object({ start: clock, end: clock }).nullable(),
    /** Art. 95: a pre-holiday day is one hour shorter. */
    shortDayMinutes: z.number().int().min(0).max(240),
  })
  .refine(
    (h) => !h.lunch || before(h.lunch.start, h.lunch.end),
    'Начало обеда должно быть раньше конца',
  )

export const dayOverrideSchema = z.object({
  date: isoDateSchema,
  kind: z.enum(['working', 'dayOff', 'short']),
  note: z.string().max(200).optional(),
})

export const deadlinePolicySchema = z
  .object({
    unit: z.enum(['workingDays', 'workingHours', 'hours']),
    amount: z.number().positive(),
  })
  .refine((p) => p.amount <= POLICY_MAX_AMOUNT[p.unit], {
    path: ['amount'],
    message: `Срок не больше ${POLICY_MAX_AMOUNT.workingDays} рабочих дней, ${POLICY_MAX_AMOUNT.workingHours} рабочих часов или ${POLICY_MAX_AMOUNT.hours} часов`,
  })

export const deadlinePoliciesSchema = z.object({
  regular: deadlinePolicySchema,
  urgent: deadlinePolicySchema,
  comment: deadlinePolicySchema,
}) satisfies z.ZodType<DeadlinePolicies>

/** Everything the deadline rules need; stored by the server, editable by the admin. */
export const calendarSettingsSchema = z.object({
  officeHours: officeHoursSchema,
  policies: deadlinePoliciesSchema,
  overrides: z.array(dayOverrideSchema).max(2000),
  /** Years the admin has confirmed, so their deadlines are no longer provisional. */
  confirmedYears: z.array(z.number().int()).max(100),
}) satisfies z.ZodType<CalendarSettings>
