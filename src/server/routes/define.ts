/**
 * How a route is declared: `createRoute` from @hono/zod-openapi with the request and response
 * schemas of `src/shared/api`, so the same declaration validates the request, types the
 * handler's answer, goes into the OpenAPI document and types the browser's `hc` client.
 *
 * `access` ties who may call a route to what the document says about it: it adds the
 * `requireUser` / `requireRole` middleware and the session-cookie security requirement
 * together, so neither can be forgotten without the other.
 */
import { OpenAPIHono, z, type RouteConfig } from '@hono/zod-openapi'
import type { Context, MiddlewareHandler } from 'hono'
import type { ZodType } from 'zod'
import type { UserRole } from '../../domain/roles'
import {
  calendarImportAppliedSchema,
  calendarImportPreviewSchema,
  calendarSchema,
  channelCheckSchema,
  channelSettingsListSchema,
  channelSettingsSchema,
  channelStatusListSchema,
  commentCountsSchema,
  commentDetailSchema,
  commentListSchema,
  conflictBodySchema,
  demoChannelPostListSchema,
  demoCommentReplyListSchema,
  departmentListSchema,
  departmentOverviewListSchema,
  departmentRowSchema,
  errorBodySchema,
  auditListSchema,
  healthSchema,
  meSchema,
  notificationFailureListSchema,
  notificationListSchema,
  notificationSettingsViewSchema,
  pushKeySchema,
  pushUnsubscribedSchema,
  telegramLinkSchema,
  telegramUnlinkedSchema,
  okSchema,
  postDetailSchema,
  textVersionSchema,
  postEventAnswerSchema,
  postListSchema,
  qualityCheckAnswerSchema,
  revisionSchema,
  sessionSchema,
  userListSchema,
  userSchema,
} from '../../shared/api/responses'
import { findUnsafeText, UNSAFE_TEXT_MESSAGE } from '../lib/safe-text'
import { errorBody, requireRole, requireUser, zodDetails, type Env } from './middleware'
import { ZodError } from 'zod'

/** The session cookie, as the document's security scheme calls it. */
export const SESSION_SCHEME = 'session'

type OpenApiMethod = (this: ZodType, ...args: unknown[]) => ZodType
/** What `.openapi({...})` takes: a schema object's fields, `param`, `example`… */
export type ZodOpenAPIMetadata = NonNullable<Parameters<z.ZodString['openapi']>[1]>
/**
 * zod 4 gives a schema its methods when it is made, so a schema of `src/shared` made before
 * @hono/zod-openapi was loaded has no `.openapi()`: call the method itself on it.
 */
const openapiMethod = (z.ZodType.prototype as unknown as { openapi: OpenApiMethod }).openapi

/** A copy of a shared schema that the document shows as `#/components/schemas/<refId>`. */
export const named = <S extends ZodType>(schema: S, refId: string): S =>
  openapiMethod.call(schema, refId) as S

/** A copy of a shared schema with OpenAPI details (a parameter's description, …). */
export const withDocs = <S extends ZodType>(schema: S, metadata: ZodOpenAPIMetadata): S =>
  openapiMethod.call(schema, metadata) as S

/** Response schemas under their component names (`#/components/schemas/<Name>`). */
export const schemas = {
  Error: named(errorBodySchema, 'Error'),
  Conflict: named(conflictBodySchema, 'Conflict'),
  Ok: named(okSchema, 'Ok'),
  Health: named(healthSchema, 'Health'),
  User: named(userSchema, 'User'),
  Session: named(sessionSchema, 'Session'),
  Me: named(meSchema, 'Me'),
  DepartmentList: named(departmentListSchema, 'DepartmentList'),
  Department: named(departmentRowSchema, 'Department'),
  Calendar: named(calendarSchema, 'Calendar'),
  PostList: named(postListSchema, 'PostList'),
  PostDetail: named(postDetailSchema, 'PostDetail'),
  TextVersion: named(textVersionSchema, 'TextVersion'),
  PostEventAnswer: named(postEventAnswerSchema, 'PostEventAnswer'),
  ChannelStatusList: named(channelStatusListSchema, 'ChannelStatusList'),
  DemoChannelPostList: named(demoChannelPostListSchema, 'DemoChannelPostList'),
  DemoCommentReplyList: named(demoCommentReplyListSchema, 'DemoCommentReplyList'),
  UserList: named(userListSchema, 'UserList'),
  AuditList: named(auditListSchema, 'AuditList'),
  DepartmentOverviewList: named(departmentOverviewListSchema, 'DepartmentOverviewList'),
  ChannelSettings: named(channelSettingsSchema, 'ChannelSettings'),
  ChannelSettingsList: named(channelSettingsListSchema, 'ChannelSettingsList'),
  ChannelCheck: named(channelCheckSchema, 'ChannelCheck'),
  CalendarImportPreview: named(calendarImportPreviewSchema, 'CalendarImportPreview'),
  CalendarImportApplied: named(calendarImportAppliedSchema, 'CalendarImportApplied'),
  Revision: named(revisionSchema, 'Revision'),
  CommentList: named(commentListSchema, 'CommentList'),
  CommentDetail: named(commentDetailSchema, 'CommentDetail'),
  CommentCounts: named(commentCountsSchema, 'CommentCounts'),
  QualityCheck: named(qualityCheckAnswerSchema, 'QualityCheck'),
  NotificationList: named(notificationListSchema, 'NotificationList'),
  NotificationSettings: named(notificationSettingsViewSchema, 'NotificationSettings'),
  NotificationFailureList: named(notificationFailureListSchema, 'NotificationFailureList'),
  TelegramLink: named(telegramLinkSchema, 'TelegramLink'),
  TelegramUnlinked: named(telegramUnlinkedSchema, 'TelegramUnlinked'),
  PushKey: named(pushKeySchema, 'PushKey'),
  PushUnsubscribed: named(pushUnsubscribedSchema, 'PushUnsubscribed'),
}

/** A JSON answer with its schema. */
export const json = <S extends ZodType>(schema: S, description: string) => ({
  description,
  content: { 'application/json': { schema } },
})

/** A JSON request body (always required: an absent body is validated as `{}`, as before). */
export const body = <S extends ZodType>(schema: S, description?: string) => ({
  required: true as const,
  ...(description ? { description } : {}),
  content: { 'application/json': { schema } },
})

const ERROR_TEXT = {
  400: 'Malformed input: `validation_failed` with the fields in `details.issues`',
  401: 'Not signed in',
  403: 'This role may never do this',
  404: 'Not found, or not visible to this user',
  409: 'Conflict with the current state',
  413: 'Too large',
  415: 'Not JSON (or not the multipart form of an upload)',
  421: 'Not a host name this server answers to',
  422: 'Not allowed now, or the data cannot be used',
  429: 'Too many requests',
} as const
type ErrorStatus = keyof typeof ERROR_TEXT
type ErrorResponse = ReturnType<typeof json<typeof schemas.Error>>

/** The error answers a route may give, each with the error body schema. */
export function errors<const C extends ErrorStatus>(...codes: C[]): { [K in C]: ErrorResponse } {
  return Object.fromEntries(codes.map((code) => [code, json(schemas.Error, ERROR_TEXT[code])])) as {
    [K in C]: ErrorResponse
  }
}

const security = [{ [SESSION_SCHEME]: [] }]

/** Anyone: no session needed. */
export const publicRoute = { security: [] as Array<Record<string, string[]>> }
/** Any signed-in person. */
export const signedIn = { security, middleware: [requireUser] }
/** Signed in with one of these roles (403 otherwise). */
export const roles = (...allowed: UserRole[]) => ({
  security,
  middleware: [requireRole(...allowed)],
})

/**
 * NUL and lone surrogates are refused before any schema runs, for every declared part of the
 * request (query, path, JSON body), with the field’s path: one check for every endpoint.
 */
function safeInput(route: RouteConfig): MiddlewareHandler<Env> {
  const request = route.request
  const checksJson = !!request?.body?.content?.['application/json']
  return async (c, next) => {
    const parts: unknown[] = []
    if (request?.query) parts.push(queryValues(c))
    if (request?.params) parts.push(c.req.param())
    if (checksJson && JSON_TYPE.test(mediaType(c.req.header('content-type')))) {
      // Malformed JSON is left to the validator, which reports it (400) as before.
      const parsed = await c.req.json().then(
        (v: unknown) => ({ v }),
        () => null,
      )
      if (parsed) parts.push(parsed.v)
    }
    for (const value of parts) {
      const path = findUnsafeText(value)
      if (path === null) continue
      const issue = { code: 'custom' as const, path, message: UNSAFE_TEXT_MESSAGE, input: value }
      const { message, issues } = zodDetails(new ZodError([issue]))
      return c.json(errorBody('validation_failed', message, { issues }), 400)
    }
    await next()
  }
}
// What Hono's json validator reads as JSON.
const JSON_TYPE = /^application\/([\w.-]+\+)?json$/i
const mediaType = (type = '') => type.split(';')[0]!.trim().toLowerCase()

/** The query as Hono's validator sees it: one value as a string, repeated ones as an array. */
function queryValues(c: Context) {
  return Object.fromEntries(
    Object.entries(c.req.queries()).map(([k, v]) => (v.length === 1 ? [k, v[0]] : [k, v])),
  )
}

/** Validation failures in the API's error shape, with Russian messages. */
const validationHook = (
  result: { success: true } | { success: false; error: ZodError },
  c: Context<Env>,
) => {
  if (!result.success) {
    const { message, issues } = zodDetails(result.error)
    return c.json(errorBody('validation_failed', message, { issues }), 400)
  }
}

/** A router whose routes are declared (`.openapi(route, handler)`). */
export const router = () => new OpenAPIHono<Env>({ defaultHook: validationHook })

/**
 * `createRoute`, plus the NUL/surrogate check in front of the validators. Every route of the
 * API is made with this.
 */
export function declare<const R extends RouteConfig & { operationId: string; tags: string[] }>(
  route: R,
): R & { getRoutingPath(): string } {
  const own = route.middleware
    ? Array.isArray(route.middleware)
      ? route.middleware
      : [route.middleware]
    : []
  const middleware = [...own, safeInput(route)]
  const declared = { ...route, middleware }
  const path = route.path.replaceAll(/\/{(.+?)}/g, '/:$1')
  return Object.defineProperty(declared, 'getRoutingPath', {
    enumerable: false,
    value: () => path,
  }) as R & { getRoutingPath(): string }
}

export { z }
