import { Hono } from 'hono'
import { refuseUnreachable } from './admin'
import { asc, sql } from 'drizzle-orm'
import {
  anyChannelSettingsSchema,
  calendarImportApplySchema,
  calendarImportSchema,
  calendarSaveSchema,
  channelParamSchema,
  channelSettingsSchemas,
  type CalendarImportPreviewDto,
  type ChannelSettingsListDto,
  type DepartmentOverviewDto,
} from '../../shared/api/admin-contract'
import {
  applyProductionYear,
  CalendarXmlError,
  diffProductionYear,
  parseProductionCalendarXml,
} from '../../domain/calendar/xml-import'
import { auditLog, departments } from '../db/schema'
import { ApiError } from '../lib/errors'
import { requireRole, validate, type Env } from './middleware'

function parseXml(xml: string) {
  try {
    return parseProductionCalendarXml(xml)
  } catch (e) {
    if (e instanceof CalendarXmlError)
      throw new ApiError(422, 'calendar_xml_invalid', e.issues[0]!, { issues: e.issues })
    throw e
  }
}

/** Active users of the department role per department: who receives its requests. */
// Written out: drizzle drops table names from columns in a one-table select, which would
// make the inner `id` the user's.
export const activeContacts = sql<number>`(select count(*)::int from users c where c.department_id = departments.id and c.active and c.role = 'department')`

/**
 * The admin's settings beyond users: channel credentials (write-only, encrypted), the calendar
 * saved in one request, the production calendar import, departments with their contacts.
 * Every write and its audit row share one transaction.
 */
export const adminSettingsRoutes = new Hono<Env>()
  .use(requireRole('admin'))
  .get('/departments', async (c) => {
    const rows = await c.var.deps.database.db
      .select({
        id: departments.id,
        name: departments.name,
        shortName: departments.shortName,
        active: departments.active,
        activeContacts,
      })
      .from(departments)
      .orderBy(asc(departments.name))
    const items: DepartmentOverviewDto[] = rows
    return c.json({ items }, 200)
  })
  .get('/channels', (c) => {
    const registry = c.var.deps.channels
    const body: ChannelSettingsListDto = { items: registry.status(), canStore: !!registry.box }
    return c.json(body, 200)
  })
  .put(
    '/channels/:channel',
    validate('param', channelParamSchema),
    validate('json', anyChannelSettingsSchema),
    async (c) => {
      const { deps } = c.var
      const { channel } = c.req.valid('param')
      const values = channelSettingsSchemas[channel].parse(c.req.valid('json'))
      const now = deps.clock.now()
      const { db } = deps.database
      await db.transaction(async (tx) => {
        const fields = await deps.channels.save(
          tx,
          channel,
          values as Record<string, string>,
          c.var.user!.id,
          now,
        )
        // the audit names the fields, never the values
        await tx.insert(auditLog).values({
          actorId: c.var.user!.id,
          action: 'channel.settings',
          details: { channel, changed: Object.keys(values).sort(), stored: fields },
          at: now,
        })
      })
      await deps.channels.reload(db)
      const item = deps.channels.status().find((s) => s.channel === channel)!
      return c.json(item, 200)
    },
  )
  .delete('/channels/:channel', validate('param', channelParamSchema), async (c) => {
    const { deps } = c.var
    const { channel } = c.req.valid('param')
    const now = deps.clock.now()
    const { db } = deps.database
    await db.transaction(async (tx) => {
      await deps.channels.remove(tx, channel)
      await tx.insert(auditLog).values({
        actorId: c.var.user!.id,
        action: 'channel.settings_removed',
        details: { channel },
        at: now,
      })
    })
    await deps.channels.reload(db)
    return c.json(
      deps.channels.status().find((s) => s.channel === channel)!,
      200,
    )
  })
  .post('/channels/:channel/check', validate('param', channelParamSchema), async (c) => {
    const result = await c.var.deps.channels.check(c.req.valid('param').channel)
    return c.json(result, 200)
  })
  .put('/calendar-settings', validate('json', calendarSaveSchema), async (c) => {
    const { deps } = c.var
    const now = deps.clock.now()
    const { db } = deps.database
    const { revision: expected, ...settings } = c.req.valid('json')
    refuseUnreachable(settings, now)
    // Deadlines already given stay as they were: they are stored on each post's clock.
    const revision = await db.transaction(async (tx) => {
      if (expected !== undefined) {
        deps.calendars.invalidate() // compare with the row, not this process's cached copy
        const current = await deps.calendars.current(tx)
        if (current.revision !== expected)
          throw new ApiError(
            409,
            'calendar_changed',
            'Календарь только что изменил другой администратор: обновите страницу и повторите',
          )
      }
      const r = await deps.calendars.update(tx, settings, now)
      await tx.insert(auditLog).values({
        actorId: c.var.user!.id,
        action: 'calendar.save',
        details: { revision: r, policies: settings.policies },
        at: now,
      })
      return r
    })
    // after the commit: a read during the transaction may have cached the old row
    deps.calendars.invalidate()
    return c.json({ revision }, 200)
  })
  .post('/calendar/import/preview', validate('json', calendarImportSchema), async (c) => {
    const { deps } = c.var
    const imported = parseXml(c.req.valid('json').xml)
    const { revision, calendar } = await deps.calendars.current(deps.database.db)
    const body: CalendarImportPreviewDto = {
      year: imported.year,
      days: imported.days.length,
      diff: diffProductionYear(calendar.settings, imported),
      official:
        calendar.productionYear(imported.year).status === 'official' ||
        calendar.settings.confirmedYears.includes(imported.year),
      revision,
    }
    return c.json(body, 200)
  })
  .post('/calendar/import/apply', validate('json', calendarImportApplySchema), async (c) => {
    const { deps } = c.var
    const now = deps.clock.now()
    const { db } = deps.database
    const input = c.req.valid('json')
    const imported = parseXml(input.xml)
    const revision = await db.transaction(async (tx) => {
      deps.calendars.invalidate()
      const current = await deps.calendars.current(tx)
      if (current.revision !== input.revision)
        throw new ApiError(
          409,
          'calendar_changed',
          'Календарь изменился после проверки файла: загрузите файл ещё раз и сверьте изменения',
        )
      const diff = diffProductionYear(current.calendar.settings, imported)
      const r = await deps.calendars.update(
        tx,
        applyProductionYear(current.calendar.settings, imported),
        now,
      )
      await tx.insert(auditLog).values({
        actorId: c.var.user!.id,
        action: 'calendar.import',
        details: {
          revision: r,
          year: imported.year,
          addedDaysOff: diff.addedDaysOff.map((d) => d.date),
          removedDaysOff: diff.removedDaysOff.map((d) => d.date),
          shortened: diff.shortened.map((d) => d.date),
          noLongerShortened: diff.noLongerShortened.map((d) => d.date),
        },
        at: now,
      })
      return r
    })
    deps.calendars.invalidate()
    return c.json({ revision, year: imported.year }, 200)
  })
