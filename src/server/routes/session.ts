import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { and, asc, eq } from 'drizzle-orm'
import type { UserDto } from '../../shared/api/contract'
import { loginSchema } from '../../shared/api/contract'
import { verifyAgainstDummy, verifyPassword } from '../auth/passwords'
import { SESSION_COOKIE, createSession, revokeSession, sessionKey } from '../auth/sessions'
import type { ServerDeps } from '../context'
import { pushSubscriptions, users } from '../db/schema'
import { clientAddress } from '../lib/client-address'
import { ApiError } from '../lib/errors'
import { body, declare, errors, json, publicRoute, router, schemas, signedIn } from './define'
import { errorBody, type UserRow } from './middleware'

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

const signIn = declare({
  method: 'post',
  path: '/session',
  operationId: 'signIn',
  tags: ['session'],
  summary: 'Sign in',
  description:
    'Sets the httpOnly session cookie. Failures are throttled per address and account (429 with Retry-After). The right password of an account the admin switched off gets 403 `account_disabled`, naming whom to ask.',
  ...publicRoute,
  request: { body: body(loginSchema) },
  responses: {
    200: json(schemas.Session, 'Signed in; the session cookie is set'),
    ...errors(400, 401, 403, 415, 429),
  },
})

const me = declare({
  method: 'get',
  path: '/me',
  operationId: 'getMe',
  tags: ['session'],
  summary: 'The signed-in user, and whether this is the demo database',
  ...signedIn,
  responses: { 200: json(schemas.Me, 'The signed-in user'), ...errors(401) },
})

const signOut = declare({
  method: 'delete',
  path: '/session',
  operationId: 'signOut',
  tags: ['session'],
  summary:
    'Sign out (revokes the session, if any, and forgets the push subscription it registered)',
  ...publicRoute,
  responses: { 200: json(schemas.Ok, 'Signed out'), ...errors(403) },
})

/** «Учётная запись отключена…», naming the active admins (at most three) to ask. */
async function switchedOff(db: ServerDeps['database']['db']): Promise<string> {
  const admins = await db
    .select({ name: users.name })
    .from(users)
    .where(and(eq(users.role, 'admin'), eq(users.active, true)))
    .orderBy(asc(users.name))
    .limit(3)
  const whom = admins.length
    ? `к администратору: ${admins.map((a) => a.name).join(', ')}`
    : 'к администратору Визы'
  return `Учётная запись отключена. Чтобы снова работать в Визе, обратитесь ${whom}.`
}

export const sessionRoutes = router()
  .openapi(signIn, async (c) => {
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
    const ok = user
      ? await verifyPassword(password, user.passwordHash)
      : await verifyAgainstDummy(password)
    if (!ok || !user) {
      deps.limiter.fail(account, address, now.getTime())
      throw new ApiError(401, 'bad_credentials', 'Неверный логин или пароль')
    }
    // Only the right password learns that the account is switched off, and whom to ask.
    if (!user.active)
      throw new ApiError(403, 'account_disabled', await switchedOff(deps.database.db))
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
  .openapi(me, (c) => c.json({ user: toUserDto(c.var.user!), demo: c.var.deps.demo }, 200))
  .openapi(signOut, async (c) => {
    const token = getCookie(c, SESSION_COOKIE)
    if (token) {
      const db = c.var.deps.database.db
      await revokeSession(db, token, c.var.deps.clock.now())
      // this browser's push subscription goes with the session: a shared tablet stops ringing
      await db
        .delete(pushSubscriptions)
        .where(eq(pushSubscriptions.sessionTokenHash, sessionKey(token)))
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/' })
    return c.json({ ok: true as const }, 200)
  })
