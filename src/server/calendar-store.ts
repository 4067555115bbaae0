import { eq, sql } from 'drizzle-orm'
import {
  DEFAULT_CALENDAR_SETTINGS,
  WorkingCalendar,
  type CalendarSettings,
} from '../domain/calendar'
import { calendarSettingsSchema } from '../domain/calendar/schemas'
import { createPostMachine, lifecycleDepsFor, type PostMachine } from '../domain/post-lifecycle'
import type { Db, Tx } from './db/client'
import { calendarSettings } from './db/schema'

export interface CalendarSnapshot {
  revision: number
  calendar: WorkingCalendar
  machine: PostMachine
}

/**
 * The working calendar lives in one row, edited by the admin. Each process keeps the compiled
 * calendar for the revision it last saw and recompiles only when the revision moves.
 */
export const CALENDAR_CHANNEL = 'viza_calendar'

export class CalendarStore {
  private cached: CalendarSnapshot | null = null
  private checkedAt = 0

  /**
   * @param ttlMs how long a checked revision is trusted without asking the database again; an
   * admin change invalidates at once (here directly, in other processes through NOTIFY).
   */
  constructor(private readonly ttlMs = 30_000) {}

  invalidate() {
    this.checkedAt = 0
  }

  async current(db: Db | Tx): Promise<CalendarSnapshot> {
    if (this.cached && Date.now() - this.checkedAt < this.ttlMs) return this.cached
    const [row] = await db.select().from(calendarSettings).where(eq(calendarSettings.id, 1))
    if (!row) throw new Error('calendar settings missing: run the seed')
    this.checkedAt = Date.now()
    if (this.cached?.revision === row.revision) return this.cached
    const settings = calendarSettingsSchema.parse(row.settings)
    const calendar = new WorkingCalendar(settings)
    this.cached = {
      revision: row.revision,
      calendar,
      machine: createPostMachine(lifecycleDepsFor(calendar)),
    }
    return this.cached
  }

  async ensure(db: Db, now: Date): Promise<void> {
    await db
      .insert(calendarSettings)
      .values({ id: 1, settings: DEFAULT_CALENDAR_SETTINGS, revision: 1, updatedAt: now })
      .onConflictDoNothing()
  }

  async update(db: Db | Tx, settings: CalendarSettings, now: Date): Promise<number> {
    const [row] = await db
      .select()
      .from(calendarSettings)
      .where(eq(calendarSettings.id, 1))
      .for('update')
    const revision = (row?.revision ?? 0) + 1
    await db
      .update(calendarSettings)
      .set({ settings, revision, updatedAt: now })
      .where(eq(calendarSettings.id, 1))
    await db.execute(sql`select pg_notify(${CALENDAR_CHANNEL}, ${String(revision)})`)
    this.invalidate()
    return revision
  }
}
