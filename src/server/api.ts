/**
 * The API: every route declared with its schemas (`routes/define.ts`) and chained, so its type
 * (`ApiType`) is what the browser's `hc` client is typed with, and its registry is the OpenAPI
 * document served at `/api/openapi.json`. Handlers take what they need from `c.var.deps`.
 */
import { asc, sql } from 'drizzle-orm'
import { REGION_TIME_ZONE } from '../domain/calendar'
import { SESSION_COOKIE } from './auth/sessions'
import { departments } from './db/schema'
import { adminRoutes } from './routes/admin'
import { analyticsRoutes } from './routes/analytics'
import { activeContacts, adminSettingsRoutes } from './routes/admin-settings'
import { channelRoutes } from './routes/channels'
import { commentRoutes } from './routes/comments'
import { vkCallbackRoutes } from './integrations/vk-callback'
import {
  declare,
  errors,
  json,
  publicRoute,
  router,
  schemas,
  SESSION_SCHEME,
  signedIn,
  z,
} from './routes/define'
import { liveRoutes } from './routes/live'
import { notificationRoutes } from './routes/notifications'
import { actorOf } from './routes/middleware'
import { postRoutes } from './routes/posts'
import { qualityRoutes } from './routes/quality'
import { sessionRoutes } from './routes/session'

const getMedia = declare({
  method: 'get',
  path: '/media/{id}',
  operationId: 'getMedia',
  tags: ['media'],
  summary: 'An image of a post the user may see',
  ...signedIn,
  request: {
    params: z.object({
      id: z
        .uuid({ message: 'Неверный идентификатор изображения' })
        .openapi({ param: { description: 'The image' } }),
    }),
  },
  responses: {
    200: {
      description: 'The image, cacheable for a year (its id never names other bytes)',
      content: {
        'image/jpeg': { schema: z.string().openapi({ format: 'binary' }) },
        'image/png': { schema: z.string().openapi({ format: 'binary' }) },
        'image/webp': { schema: z.string().openapi({ format: 'binary' }) },
      },
    },
    ...errors(400, 401, 404),
  },
})

const health = declare({
  method: 'get',
  path: '/health',
  operationId: 'getHealth',
  tags: ['system'],
  summary: 'The database is reachable (answers on any host name)',
  ...publicRoute,
  responses: { 200: json(schemas.Health, 'Healthy') },
})

const listDepartments = declare({
  method: 'get',
  path: '/departments',
  operationId: 'listDepartments',
  tags: ['departments'],
  summary: 'Executive bodies, each with hasActiveContact (whether a request reaches anyone)',
  ...signedIn,
  responses: { 200: json(schemas.DepartmentList, 'Every department'), ...errors(401) },
})

const getCalendar = declare({
  method: 'get',
  path: '/calendar',
  operationId: 'getCalendar',
  tags: ['calendar'],
  summary: 'Working calendar and deadline policies, for countdowns',
  ...signedIn,
  responses: { 200: json(schemas.Calendar, 'The calendar in force'), ...errors(401) },
})

export const apiRoutes = router()
  .openapi(getMedia, async (c) => {
    const file = await c.var.deps.posts.mediaFile(actorOf(c.var.user!), c.req.valid('param').id)
    return c.body(new Uint8Array(file.bytes), 200, {
      'content-type': file.mime,
      'cache-control': 'private, max-age=31536000, immutable',
      'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`,
    })
  })
  .openapi(health, async (c) => {
    const { database } = c.var.deps
    await database.db.execute(sql`select 1`)
    return c.json({ ok: true as const, database: database.kind }, 200)
  })
  .route('/', sessionRoutes)
  .openapi(listDepartments, async (c) => {
    const rows = await c.var.deps.database.db
      .select({ d: departments, contacts: activeContacts })
      .from(departments)
      .orderBy(asc(departments.name))
    // hasActiveContact: whether a request to it reaches anyone (the SMC is warned otherwise)
    const items = rows.map(({ d, contacts }) => ({ ...d, hasActiveContact: contacts > 0 }))
    return c.json({ items }, 200)
  })
  .openapi(getCalendar, async (c) => {
    const { deps } = c.var
    const { revision, calendar } = await deps.calendars.current(deps.database.db)
    return c.json({ timeZone: REGION_TIME_ZONE, revision, settings: calendar.settings }, 200)
  })
  .route('/posts', postRoutes)
  .route('/analytics', analyticsRoutes)
  .route('/admin', adminRoutes)
  .route('/admin', adminSettingsRoutes)
  .route('/', liveRoutes)
  .route('/', channelRoutes)
  .route('/comments', commentRoutes)
  .route('/', qualityRoutes)
  .route('/', vkCallbackRoutes)
  .route('/', notificationRoutes)

/** What the browser's `hc` client is typed with. */
export type ApiType = typeof apiRoutes

apiRoutes.openAPIRegistry.registerComponent('securitySchemes', SESSION_SCHEME, {
  type: 'apiKey',
  in: 'cookie',
  name: SESSION_COOKIE,
  description:
    'The httpOnly, SameSite=Lax session cookie that POST /api/session sets. State-changing ' +
    'requests must also be JSON (or an upload with X-Viza-Upload: 1) and, from a browser, same-origin.',
})

const TAGS = [
  ['session', 'Signing in and out'],
  ['posts', 'Requests and posts, and their lifecycle events'],
  ['publications', 'The publication ledger: what the editor confirms or retries'],
  ['media', 'Images of posts'],
  ['departments', 'Executive bodies that receive requests'],
  ['calendar', 'The working calendar that deadlines follow'],
  ['channels', 'Where posts are published'],
  ['live', 'Live updates (Server-Sent Events)'],
  ['comments', 'Citizens’ comments on the governor’s pages and their answers'],
  ['quality', 'The «отписка» checker'],
  ['integrations', 'Events the social networks send to Viza'],
  ['analytics', 'Department discipline: figures, drill-down, exports, the weekly summary'],
  ['notifications', 'The notification centre, my notification settings, Telegram and Web Push'],
  ['admin', 'Users, departments, calendar and channel settings (administrators only)'],
  ['system', 'Operations'],
] as const

let document: ReturnType<typeof generate> | undefined

/** The OpenAPI 3.1 document, generated from the declared routes (built once per process). */
export function openApiDocument() {
  document ??= generate()
  return document
}

function generate() {
  const doc = withApiPrefix(
    apiRoutes.getOpenAPI31Document({
      openapi: '3.1.0',
      info: {
        title: 'Viza API',
        version: '1.0.0',
        description:
          'Posts of the governor’s social media: requests to departments, drafts, approval, ' +
          'publication. Generated from the routes’ own schemas (src/server/api.ts). Errors are ' +
          '`{error: {code, message, details?}}` with the message in Russian.',
      },
      servers: [{ url: '/', description: 'The Viza server that serves this document' }],
      tags: TAGS.map(([name, description]) => ({ name, description })),
    }),
  )
  // Viza is not published under an open licence (3.1 allows an SPDX "LicenseRef-" identifier).
  return {
    ...doc,
    info: { ...doc.info, license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' } },
  }
}

/** The routes are declared under `/api` (where `app.ts` mounts them). */
function withApiPrefix<D extends { paths?: Record<string, unknown> }>(doc: D): D {
  const paths = Object.fromEntries(
    Object.entries(doc.paths ?? {}).map(([path, item]) => [`/api${path}`, item]),
  )
  return { ...doc, paths }
}
