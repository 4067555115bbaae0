import { randomUUID } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import { getCookie } from 'hono/cookie'
import { HTTPException } from 'hono/http-exception'
import { ZodError } from 'zod'
import type { Actor, UserRole } from '../../domain/roles'
import { SESSION_COOKIE, userForSession } from '../auth/sessions'
import type { ServerDeps } from '../context'
import type { users } from '../db/schema'
import { CalendarError } from '../../domain/calendar/deadlines'
import { ApiError } from '../lib/errors'
import { errorFields } from '../lib/log'

export type UserRow = typeof users.$inferSelect
export type Env = { Variables: { deps: ServerDeps; user: UserRow | null; requestId: string } }

export const actorOf = (u: UserRow): Actor => ({
  id: u.id,
  role: u.role,
  departmentId: u.departmentId,
})

export function errorBody(code: string, message: string, details?: unknown) {
  return { error: details === undefined ? { code, message } : { code, message, details } }
}

/** Zod issues as a readable Russian message plus the field list for forms. */
export function zodDetails(error: ZodError) {
  const issues = error.issues.map((i) => ({ path: i.path.join('.'), message: i.message }))
  const message = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')
  return { message: `Некорректные данные — ${message}`, issues }
}

export function handleError(err: Error, c: Context<Env>) {
  if (err instanceof ApiError)
    return c.json(errorBody(err.code, err.message, err.details), err.status)
  if (err instanceof ZodError) {
    const { message, issues } = zodDetails(err)
    return c.json(errorBody('validation_failed', message, { issues }), 400)
  }
  if (err instanceof HTTPException) {
    const status = err.status
    const upload = /\/media$/.test(c.req.path)
    if (status === 415) {
      // The declared media type of a route's body (@hono/zod-openapi checks it).
      const message = upload
        ? 'Ожидается форма с файлом (multipart/form-data)'
        : 'Тело запроса должно быть JSON (application/json)'
      return c.json(errorBody('unsupported_media_type', message), 415)
    }
    const message =
      status === 413
        ? 'Слишком большой запрос'
        : /json/i.test(err.message)
          ? 'Тело запроса — не корректный JSON'
          : /formdata/i.test(err.message)
            ? 'Ожидается форма с файлом (multipart/form-data)'
            : err.message || 'Некорректный запрос'
    return c.json(
      errorBody(status === 413 ? 'payload_too_large' : 'bad_request', message),
      status as 400,
    )
  }
  if (err instanceof CalendarError) {
    // The working calendar cannot answer (e.g. no working day within the scanned horizon).
    return c.json(errorBody('calendar', err.message), 422)
  }
  c.var.deps.log.error('unhandled error', { requestId: c.var.requestId, ...errorFields(err) })
  return c.json(errorBody('internal', 'Внутренняя ошибка сервера. Мы уже знаем о ней.'), 500)
}

/** One structured log line per request, with an id the client also sees. */
export const requestLog: MiddlewareHandler<Env> = async (c, next) => {
  const requestId = c.req.header('x-request-id')?.slice(0, 64) || randomUUID()
  c.set('requestId', requestId)
  c.header('x-request-id', requestId)
  // The browser's countdowns run on the server's clock, not on the device's.
  c.header('x-server-time', c.var.deps.clock.now().toISOString())
  const started = performance.now()
  await next()
  if (c.req.path === '/api/health') return
  c.var.deps.log.info('request', {
    requestId,
    method: c.req.method,
    path: c.req.path,
    status: c.res.status,
    ms: Math.round(performance.now() - started),
    userId: c.var.user?.id,
  })
}

export const loadUser: MiddlewareHandler<Env> = async (c, next) => {
  const token = getCookie(c, SESSION_COOKIE)
  c.set(
    'user',
    token ? await userForSession(c.var.deps.database.db, token, c.var.deps.clock.now()) : null,
  )
  await next()
}

export const requireUser: MiddlewareHandler<Env> = async (c, next) => {
  if (!c.var.user) throw new ApiError(401, 'unauthenticated', 'Войдите в систему')
  await next()
}

export const requireRole =
  (...roles: UserRole[]): MiddlewareHandler<Env> =>
  async (c, next) => {
    if (!c.var.user) throw new ApiError(401, 'unauthenticated', 'Войдите в систему')
    if (!roles.includes(c.var.user.role)) throw new ApiError(403, 'forbidden', 'Недостаточно прав')
    await next()
  }

/**
 * CSRF: the session cookie is SameSite=Lax; on top of that every state-changing request must
 * come from our own origin when a browser says where it comes from, and carry JSON (which a
 * cross-site form cannot send without a CORS preflight that we never grant).
 */
export const csrfGuard: MiddlewareHandler<Env> = async (c, next) => {
  const method = c.req.method
  if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS') return next()
  const origin = c.req.header('origin')
  if (origin) {
    const host = c.req.header('host')
    let originHost = ''
    try {
      originHost = new URL(origin).host
    } catch {
      /* a malformed Origin is refused below */
    }
    if (!host || originHost !== host)
      throw new ApiError(403, 'csrf', 'Запрос с чужого сайта отклонён')
  }
  const length = Number(c.req.header('content-length') ?? '0')
  const type = c.req.header('content-type') ?? ''
  // Image uploads are multipart; they must also carry a custom header, which a cross-site form
  // cannot send without a CORS preflight.
  const upload = type.startsWith('multipart/form-data') && c.req.header('x-viza-upload') === '1'
  const hasBody = length > 0 || !!c.req.header('transfer-encoding')
  if (hasBody && !type.startsWith('application/json') && !upload) {
    throw new ApiError(
      415,
      'unsupported_media_type',
      'Тело запроса должно быть JSON (application/json)',
    )
  }
  await next()
}
