import { Hono } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { eq } from 'drizzle-orm'
import type { UserDto } from '../../shared/api/contract'
import { loginSchema } from '../../shared/api/contract'
import { verifyAgainstDummy, verifyPassword } from '../auth/passwords'
import { SESSION_COOKIE, createSession, revokeSession } from '../auth/sessions'
import { users } from '../db/schema'
import { clientAddress } from '../lib/client-address'
import { ApiError } from '../lib/errors'
import { errorBody, requireUser, validate, type Env, type UserRow } from './middleware'

export const toUserDto = (u: UserRow): UserDto => ({
  id: u.id,
  login: u.login,
  name: u.name,
  role: u.role,
  departmentId: u.departmentId,
  email: u.email ?? null,
  active: u.active,
  demo: u.demo,
})

export const sessionRoutes = new Hono<Env>()
  .post('/session', validate('json', loginSchema), async (c) => {
    const { login, password } = c.req.valid('json')
    const { deps } = c.var
    const now = deps.clock.now()
    const account = login.toLowerCase()
    const address = clientAddress(c, deps.trustProxy)
    const verdict = deps.limiter.check(account, address, now.getTime())
    if (!verdict.ok) {
      const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000))
      c.header('retry-after', String(seconds))
      const message =
        verdict.reason === 'account'
          ? `Слишком много неудачных попыток входа в эту учётную запись. Повторите через ${seconds} с.`
          : `Слишком много попыток входа. Повторите через ${Math.ceil(seconds / 60)} мин.`
      return c.json(errorBody('too_many_attempts', message, { retryAfterSeconds: seconds }), 429)
    }
    const [user] = await deps.database.db
      .select()
      .from(users)
      .where(eq(users.login, login.toLowerCase()))
    const ok =
      user && user.active
        ? await verifyPassword(password, user.passwordHash)
        : await verifyAgainstDummy(password)
    if (!ok || !user) {
      deps.limiter.fail(account, address, now.getTime())
      throw new ApiError(401, 'bad_credentials', 'Неверный логин или пароль')
    }
    deps.limiter.succeed(account, address, now.getTime())
    const { token, expiresAt } = await createSession(deps.database.db, user.id, now)
    setCookie(c, SESSION_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: deps.secureCookies,
      path: '/',
      expires: expiresAt,
    })
    return c.json({ user: toUserDto(user) }, 200)
  })
  .get('/me', requireUser, (c) =>
    c.json({ user: toUserDto(c.var.user!), demo: c.var.deps.demo }, 200),
  )
  .delete('/session', async (c) => {
    const token = getCookie(c, SESSION_COOKIE)
    if (token) await revokeSession(c.var.deps.database.db, token, c.var.deps.clock.now())
    deleteCookie(c, SESSION_COOKIE, { path: '/' })
    return c.json({ ok: true }, 200)
  })
