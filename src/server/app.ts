import { readFile } from 'node:fs/promises'
import { join, normalize } from 'node:path'
import { Hono, type Context } from 'hono'
import { secureHeaders } from 'hono/secure-headers'
import { serveStatic } from '@hono/node-server/serve-static'
import { getCookie } from 'hono/cookie'
import { z } from 'zod'
import { sendingChannels } from '../domain/channels'
import { testClockSchema } from '../shared/api/contract'
import { okSchema, testClockAnswerSchema } from '../shared/api/responses'
import { apiRoutes, openApiDocument } from './api'
import { SESSION_COOKIE, userForSession } from './auth/sessions'
import { demoFaultKinds } from './channels/demo'
import type { ServerDeps } from './context'
import {
  embedInShell,
  firstScreenHead,
  FirstScreenLeftOut,
  queueModulePreloads,
} from './first-screen'
import { bodySizeLimit } from './routes/body-limit'
import { body, declare, json, publicRoute, router } from './routes/define'
import {
  csrfGuard,
  errorBody,
  handleError,
  loadUser,
  requestLog,
  type Env,
} from './routes/middleware'
import { MAX_IMAGE_BYTES } from './routes/posts'
import { errorFields } from './lib/log'

const MAX_BODY_BYTES = 256 * 1024

const isUpload = (method: string, path: string) =>
  method === 'POST' && /\/posts\/[^/]+\/media$/.test(path)

const tooLarge = (limit: string) => (c: Context) => {
  // The rest of the body is never read: close the connection so it cannot be reused.
  const env = c.env as { outgoing?: { setHeader(k: string, v: string): void } } | undefined
  env?.outgoing?.setHeader('Connection', 'close')
  return c.json(errorBody('payload_too_large', `Слишком большой запрос (больше ${limit})`), 413)
}
const jsonLimit = bodySizeLimit(MAX_BODY_BYTES, tooLarge('256 КБ'))
const uploadLimit = bodySizeLimit(MAX_IMAGE_BYTES + 64 * 1024, tooLarge('10 МБ'))

const demoFaultsSchema = z.object({
  channel: z.enum(sendingChannels),
  faults: z.array(z.enum(demoFaultKinds)).min(1).max(20),
})

/**
 * Test mode only: the browser suite moves the server's clock to make deadlines pass, and makes
 * the next attempts of a demo channel fail as the real channel can.
 */
function testRoutes(clock: NonNullable<ServerDeps['testClock']>, deps: ServerDeps) {
  const common = { tags: ['system'], ...publicRoute, hide: true }
  const answer = { 200: json(testClockAnswerSchema, 'The server’s clock now') }
  return router()
    .openapi(
      declare({
        method: 'post',
        path: '/test/clock',
        operationId: 'setTestClock',
        ...common,
        request: { body: body(testClockSchema) },
        responses: answer,
      }),
      async (c) => {
        const input = c.req.valid('json')
        if ('advanceMs' in input) clock.advance(input.advanceMs)
        else clock.set(new Date(input.at), { frozen: input.frozen })
        await deps.sweeper.sweep()
        return c.json({ now: clock.now().toISOString() }, 200)
      },
    )
    .openapi(
      declare({
        method: 'get',
        path: '/test/clock',
        operationId: 'getTestClock',
        ...common,
        responses: answer,
      }),
      (c) => c.json({ now: clock.now().toISOString() }, 200),
    )
    .openapi(
      declare({
        method: 'post',
        path: '/test/demo-faults',
        operationId: 'injectDemoFaults',
        ...common,
        summary: 'The next attempts of a demo channel fail as the real channel can',
        request: { body: body(demoFaultsSchema) },
        responses: { 200: json(okSchema, 'The faults are queued') },
      }),
      (c) => {
        const { channel, faults } = c.req.valid('json')
        deps.channels.demoFaults.inject(channel, faults)
        return c.json({ ok: true as const }, 200)
      },
    )
}

export function createApp(deps: ServerDeps) {
  const api = new Hono<Env>()
    .use(async (c, next) =>
      isUpload(c.req.method, c.req.path) ? uploadLimit(c, next) : jsonLimit(c, next),
    )
    .use(csrfGuard)
    .use(loadUser)
    .get('/openapi.json', (c) => c.json(openApiDocument(), 200))
    .route('/', apiRoutes)

  if (deps.testClock) api.route('/', testRoutes(deps.testClock, deps))

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
    // The SPA shell, for `/` and every client-side route: with the governor's first screen
    // inside it when it is he who opens his queue (first-screen.ts).
    const modulePreloads = queueModulePreloads(root)
    const shell = async (c: Context<Env>) => {
      const html = await readFile(normalize(join(root, 'index.html')), 'utf8')
      const token = getCookie(c, SESSION_COOKIE)
      // the first screen is an optimisation: if the session cannot be read now, the page goes
      // without it
      const user = token
        ? await userForSession(deps.database.db, token, deps.clock.now()).catch(() => null)
        : null
      // the reads go through the API itself, as this person, under this request's id
      const read = (url: string) =>
        app.request(url, {
          headers: {
            cookie: c.req.header('cookie') ?? '',
            host: c.req.header('host') ?? '',
            'x-request-id': c.var.requestId,
          },
        })
      // the stream's position before the reads: the app's stream resumes from it
      const page = {
        modulePreloads,
        serverTime: deps.clock.now(),
        lastEventId: deps.bus.lastSeenId,
      }
      const head = await firstScreenHead(user?.role ?? null, c.req.path, read, page).catch(
        (err: unknown) => {
          const why = err instanceof FirstScreenLeftOut ? { reason: err.message } : errorFields(err)
          deps.log.warn('first screen left out', { requestId: c.var.requestId, ...why })
          return ''
        },
      )
      c.header('vary', 'Cookie')
      if (!head) {
        c.header('cache-control', 'no-cache')
        return c.html(html)
      }
      // his queue is in this page: kept by no cache, nor for the back button once he signs out
      c.header('cache-control', 'private, no-store')
      return c.html(embedInShell(html, head))
    }
    app.get('/', shell)
    // the build's Brotli/gzip copies, as the browser accepts them (scripts/build.mjs)
    app.use('*', serveStatic({ root, precompressed: true }))
    app.get('*', shell)
  }
  return app
}

/** The API's type, for the browser's typed client (`hc<ApiType>`). */
export type { ApiType } from './api'
