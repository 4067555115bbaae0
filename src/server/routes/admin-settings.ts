import { refuseUnreachable } from './admin'
import { asc, sql } from 'drizzle-orm'
import {
  anyChannelSettingsSchema,
  calendarImportApplySchema,
  calendarImportSchema,
  calendarSaveSchema,
  channelParamSchema,
  channelSettingsSchemas,
  settableChannels,
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
import { vkCallbackMissing, vkCallbackSettingsFromEnv } from '../integrations/vk-callback'
import { ApiError } from '../lib/errors'
import {
  body,
  declare,
  errors,
  json,
  roles,
  router,
  schemas,
  withDocs,
  z,
  type ZodOpenAPIMetadata,
} from './define'

const admin = roles('admin')
const tags = ['admin']
const channelParam = z.object({
  channel: withDocs(channelParamSchema.shape.channel, {
    param: { description: 'telegram, vk or ok' },
  }),
})

/** The document shows each channel's fields (validation takes any, then the channel's own). */
const perChannelSettings = settableChannels.map((ch) => {
  const { $schema: _, ...schema } = z.toJSONSchema(channelSettingsSchemas[ch], { io: 'input' })
  return { title: ch, ...schema }
}) as unknown as ZodOpenAPIMetadata['oneOf']

const listDepartments = declare({
  method: 'get',
  path: '/departments',
  operationId: 'listDepartmentsWithContacts',
  tags,
  summary: 'Departments with the number of active contacts (admin)',
  ...admin,
  responses: { 200: json(schemas.DepartmentOverviewList, 'Every department'), ...errors(401, 403) },
})
const listChannelSettings = declare({
  method: 'get',
  path: '/channels',
  operationId: 'listChannelSettings',
  tags,
  summary:
    'Channel settings: which credentials are set, configured, source env | settings | null — never the values (admin)',
  ...admin,
  responses: { 200: json(schemas.ChannelSettingsList, 'Telegram, VK, OK'), ...errors(401, 403) },
})
const saveChannelSettings = declare({
  method: 'put',
  path: '/channels/{channel}',
  operationId: 'saveChannelSettings',
  tags,
  summary: 'Store credentials of a channel, encrypted with VIZA_SECRET_KEY (admin)',
  description:
    'Write-only: omitted fields keep their value; the fields are those of the channel ' +
    '(one of the schemas below). 409 when VIZA_SECRET_KEY is not set.',
  ...admin,
  request: {
    params: channelParam,
    body: {
      required: true,
      content: {
        'application/json': {
          schema: withDocs(anyChannelSettingsSchema, { oneOf: perChannelSettings }),
        },
      },
    },
  },
  responses: {
    200: json(schemas.ChannelSettings, 'The channel’s settings as stored'),
    ...errors(400, 401, 403, 409, 415),
  },
})
const removeChannelSettings = declare({
  method: 'delete',
  path: '/channels/{channel}',
  operationId: 'removeChannelSettings',
  tags,
  summary: 'Remove the stored credentials of a channel (admin)',
  ...admin,
  request: { params: channelParam },
  responses: {
    200: json(schemas.ChannelSettings, 'The channel’s settings now'),
    ...errors(400, 401, 403),
  },
})
const checkChannel = declare({
  method: 'post',
  path: '/channels/{channel}/check',
  operationId: 'checkChannel',
  tags,
  summary: '«Проверить подключение» with the credentials in force (admin)',
  description:
    'Telegram getMe + getChat, VK groups.getById, OK group.getInfo; the answer says in Russian what the channel said.',
  ...admin,
  request: { params: channelParam },
  responses: { 200: json(schemas.ChannelCheck, 'The outcome'), ...errors(400, 401, 403) },
})
const saveCalendar = declare({
  method: 'put',
  path: '/calendar-settings',
  operationId: 'saveCalendarSettings',
  tags,
  summary: 'The whole working calendar in one transaction (admin)',
  description:
    'Office hours, day overrides, confirmed years and deadline policies; `revision` (optional) ' +
    'refuses a stale save with 409.',
  ...admin,
  request: { body: body(calendarSaveSchema) },
  responses: {
    200: json(schemas.Revision, 'The new calendar revision'),
    ...errors(400, 401, 403, 409, 415, 422),
  },
})
const previewImport = declare({
  method: 'post',
  path: '/calendar/import/preview',
  operationId: 'previewCalendarImport',
  tags,
  summary: 'Parse a production calendar year and show the difference against Viza (admin)',
  description:
    'XML of accounting software: `<calendar year><days><day d="DD.MM" t="1|2|3" h f/>`. 422 ' +
    'with the reasons when malformed.',
  ...admin,
  request: { body: body(calendarImportSchema) },
  responses: {
    200: json(schemas.CalendarImportPreview, 'The year and its differences'),
    ...errors(400, 401, 403, 415, 422),
  },
})
const applyImport = declare({
  method: 'post',
  path: '/calendar/import/apply',
  operationId: 'applyCalendarImport',
  tags,
  summary: 'Apply a previewed year and mark it official, in one transaction (admin)',
  description: '409 when the calendar changed since the preview.',
  ...admin,
  request: { body: body(calendarImportApplySchema) },
  responses: {
    200: json(schemas.CalendarImportApplied, 'Applied'),
    ...errors(400, 401, 403, 409, 415, 422),
  },
})

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
export const adminSettingsRoutes = router()
  .openapi(listDepartments, async (c) => {
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
  .openapi(listChannelSettings, (c) => {
    const registry = c.var.deps.channels
    const missing = vkCallbackMissing(vkCallbackSettingsFromEnv())
    const body: ChannelSettingsListDto = {
      items: registry.status(),
      canStore: !!registry.box,
      vkCallback: { configured: missing.length === 0, missing },
    }
    return c.json(body, 200)
  })
  .openapi(saveChannelSettings, async (c) => {
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
  })
  .openapi(removeChannelSettings, async (c) => {
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
  .openapi(checkChannel, async (c) => {
    const result = await c.var.deps.channels.check(c.req.valid('param').channel)
    return c.json(result, 200)
  })
  .openapi(saveCalendar, async (c) => {
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
  .openapi(previewImport, async (c) => {
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
  .openapi(applyImport, async (c) => {
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
