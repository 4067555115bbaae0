import { readFile } from 'node:fs/promises'
import { join, normalize } from 'node:path'
import { Hono, type Context } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { secureHeaders } from 'hono/secure-headers'
import { serveStatic } from '@hono/node-server/serve-static'
import { asc, sql } from 'drizzle-orm'
import { z } from 'zod'
import { REGION_TIME_ZONE } from '../domain/calendar'
import type { CalendarDto } from '../shared/api/contract'
import { testClockSchema } from '../shared/api/contract'
import type { ServerDeps } from './context'
import { departments } from './db/schema'
import { adminRoutes } from './routes/admin'
import { analyticsRoutes } from './routes/analytics'
import { activeContacts, adminSettingsRoutes } from './routes/admin-settings'
import { channelRoutes } from './routes/channels'
import { liveRoutes } from './routes/live'
import {
  actorOf,
  csrfGuard,
  errorBody,
  handleError,
  loadUser,
  requestLog,
  requireUser,
  validate,
  type Env,
} from './routes/middleware'
import { openApiDocument } from './routes/openapi'
import { MAX_IMAGE_BYTES, postRoutes } from './routes/posts'
import { sessionRoutes } from './routes/session'

const MAX_BODY_BYTES = 256 * 1024
const mediaParam = z.object({ id: z.uuid({ message: 'Неверный идентификатор изображения' }) })

const isUpload = (method: string, path: string) =>
  method === 'POST' && /\/posts\/[^/]+\/media$/.test(path)

const tooLarge = (limit: string) => (c: Context) => {
  // The rest of the body is never read: close the connection so it cannot be reused.
  const env = c.env as { outgoing?: { setHeader(k: string, v: string): void } } | undefined
  env?.outgoing?.setHeader('Connection', 'close')
  return c.json(errorBody('payload_too_large', `Слишком большой запрос (больше ${limit})`), 413)
}
const jsonLimit = bodyLimit({ maxSize: MAX_BODY_BYTES, onError: tooLarge('256 КБ') })
const uploadLimit = bodyLimit({ maxSize: MAX_IMAGE_BYTES + 64 * 1024, onError: tooLarge('10 МБ') })

export function createApp(deps: ServerDeps) {
  const api = new Hono<Env>()
    .use(async (c, next) =>
      isUpload(c.req.method, c.req.path) ? uploadLimit(c, next) : jsonLimit(c, next),
    )
    .use(csrfGuard)
    .use(loadUser)
    .get('/media/:id', requireUser, validate('param', mediaParam), async (c) => {
      const file = await deps.posts.mediaFile(actorOf(c.var.user!), c.req.valid('param').id)
      return c.body(new Uint8Array(file.bytes), 200, {
        'content-type': file.mime,
        'cache-control': 'private, max-age=31536000, immutable',
        'content-disposition': `inline; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      })
    })
    .get('/health', async (c) => {
      await deps.database.db.execute(sql`select 1`)
      return c.json({ ok: true, database: deps.database.kind }, 200)
    })
    .get('/openapi.json', (c) => c.json(openApiDocument(), 200))
    .route('/', sessionRoutes)
    .get('/departments', requireUser, async (c) => {
      const rows = await deps.database.db
        .select({ d: departments, contacts: activeContacts })
        .from(departments)
        .orderBy(asc(departments.name))
      // hasActiveContact: whether a request to it reaches anyone (the SMC is warned otherwise)
      const items = rows.map(({ d, contacts }) => ({ ...d, hasActiveContact: contacts > 0 }))
      return c.json({ items }, 200)
    })
    .get('/calendar', requireUser, async (c) => {
      const { revision, calendar } = await deps.calendars.current(deps.database.db)
      const body: CalendarDto = {
        timeZone: REGION_TIME_ZONE,
        revision,
        settings: calendar.settings,
      }
      return c.json(body, 200)
    })
    .route('/posts', postRoutes)
    .route('/analytics', analyticsRoutes)
    .route('/admin', adminRoutes)
    .route('/admin', adminSettingsRoutes)
    .route('/', liveRoutes)
    .route('/', channelRoutes)

  if (deps.testClock) {
    const clock = deps.testClock
    // Test mode only: the browser suite moves the server's clock to make deadlines pass.
    api.post('/test/clock', validate('json', testClockSchema), async (c) => {
      const input = c.req.valid('json')
      if ('advanceMs' in input) clock.advance(input.advanceMs)
      else clock.set(new Date(input.at))
      await deps.sweeper.sweep()
      return c.json({ now: clock.now().toISOString() }, 200)
    })
    api.get('/test/clock', (c) => c.json({ now: clock.now().toISOString() }, 200))
  }

  api.all('*', (c) => c.json(errorBody('not_found', 'Нет такого адреса API'), 404))

  const app = new Hono<Env>()
  app.use(async (c, next) => {
    c.set('deps', deps)
    c.set('user', null)
    await next()
  })
  app.use(requestLog)
  // DNS rebinding: only our own host names are served (health checks come by any name).
  app.use(async (c, next) => {
    if (c.req.path === '/api/health' || deps.hostAllowed(c.req.header('host'))) return next()
    return c.json(errorBody('misdirected', 'Этот сервер не отвечает на такой адрес'), 421)
  })
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        manifestSrc: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
      },
      referrerPolicy: 'same-origin',
      crossOriginEmbedderPolicy: false,
    }),
  )
  app.onError(handleError)
  app.route('/api', api)

  if (deps.staticRoot) {
    const root = deps.staticRoot
    app.use('/assets/*', async (c, next) => {
      await next()
      if (c.res.status === 200) c.header('cache-control', 'public, max-age=31536000, immutable')
    })
    app.use('*', serveStatic({ root }))
    // Client-side routes: every other GET gets the SPA shell.
    app.get('*', async (c) => {
      const html = await readFile(normalize(join(root, 'index.html')), 'utf8')
      c.header('cache-control', 'no-cache')
      return c.html(html)
    })
  }
  return app
}

export type AppType = ReturnType<typeof createApp>
