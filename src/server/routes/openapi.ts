import { z, type ZodType } from 'zod'
import { postEventPayloadSchema } from '../../domain/post-lifecycle/events'
import {
  calendarUpdateSchema,
  confirmPublicationSchema,
  createPostSchema,
  createUserSchema,
  departmentInputSchema,
  departmentUpdateSchema,
  loginSchema,
  policiesUpdateSchema,
  postEventBodySchema,
  postListQuerySchema,
  resetPasswordSchema,
  updateUserSchema,
} from '../../shared/api/contract'
import {
  calendarImportApplySchema,
  calendarImportSchema,
  calendarSaveSchema,
  channelSettingsSchemas,
} from '../../shared/api/admin-contract'
import {
  drillQuerySchema,
  exportQuerySchema,
  periodQuerySchema,
} from '../../shared/api/analytics-contract'

const json = (schema: ZodType) => ({
  content: {
    'application/json': { schema: z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) },
  },
})
const errors = {
  '400': {
    description: 'Malformed input',
    ...json(
      z.object({
        error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
      }),
    ),
  },
  '401': { description: 'Not signed in' },
  '403': { description: 'This role may never do this' },
  '404': { description: 'Not found, or not visible to this user' },
}
const op = (summary: string, extra: Record<string, unknown> = {}) => ({
  summary,
  responses: { '200': { description: 'OK' }, ...errors },
  ...extra,
})
const body = (schema: ZodType) => ({ requestBody: { required: true, ...json(schema) } })
const queryParams = Object.keys(postListQuerySchema.shape).map((name) => ({
  name,
  in: 'query',
  required: false,
  schema: { type: 'string' },
}))

/** Query parameters from a zod object, with their JSON Schema and whether they are required. */
const queryOf = (schema: { shape: Record<string, ZodType> }) =>
  Object.entries(schema.shape).map(([name, field]) => ({
    name,
    in: 'query',
    required: !field.safeParse(undefined).success,
    schema: z.toJSONSchema(field, { io: 'input', unrepresentable: 'any' }),
  }))

/** The OpenAPI 3.1 document, built from the same zod schemas that validate requests. */
export function openApiDocument() {
  return {
    openapi: '3.1.0',
    info: {
      title: 'Viza API',
      version: '1.0.0',
      description:
        'Posts of the governor’s social media: requests to departments, drafts, approval, publication. ' +
        'Cookie session; state-changing requests must be JSON and, from a browser, same-origin.',
    },
    paths: {
      '/api/session': { post: op('Sign in', body(loginSchema)), delete: op('Sign out') },
      '/api/me': { get: op('The signed-in user') },
      '/api/departments': {
        get: op('Executive bodies, each with hasActiveContact (whether a request reaches anyone)'),
      },
      '/api/posts': {
        get: op('Posts visible to the user (a department sees only its own)', {
          parameters: queryParams,
        }),
        post: op(
          'Create a request (editor; the governor’s is his urgent instruction)',
          body(createPostSchema),
        ),
      },
      '/api/posts/{id}': {
        get: op('A post with versions, history and the events the user may send now'),
      },
      '/api/posts/{id}/events': {
        post: op(
          'Send a lifecycle event. 409: stale expectedVersion (body has the current post); 422: not allowed in this state',
          {
            ...body(postEventBodySchema),
            'x-event-payloads': z.toJSONSchema(postEventPayloadSchema, { unrepresentable: 'any' }),
          },
        ),
      },
      '/api/posts/{id}/media': {
        post: op(
          'Attach an image (multipart: file, expectedVersion; header X-Viza-Upload: 1). JPEG, PNG or WebP, ≤ 10 MB',
        ),
      },
      '/api/media/{id}': { get: op('An image of a post the user may see') },
      '/api/posts/{id}/publications/{pid}/confirm': {
        post: op(
          'Editor: the channel has the post (with its URL), or it does not (queue again)',
          body(confirmPublicationSchema),
        ),
      },
      '/api/posts/{id}/publications/{pid}/retry': {
        post: op('Editor: retry a failed attempt that surely did not take effect'),
      },
      '/api/calendar': { get: op('Working calendar and deadline policies for countdowns') },
      '/api/events': {
        get: op('Server-Sent Events: one `post` event per history row; resumes with Last-Event-ID'),
      },
      '/api/health': { get: op('Database reachable') },
      '/api/admin/users': {
        get: op('Users (admin)'),
        post: op('Create a user (admin)', body(createUserSchema)),
      },
      '/api/admin/users/{id}': { patch: op('Change a user (admin)', body(updateUserSchema)) },
      '/api/admin/users/{id}/password': {
        post: op('Reset a password (admin)', body(resetPasswordSchema)),
      },
      '/api/admin/departments': {
        get: op('Departments with the number of active contacts (admin)'),
        post: op('Create a department (admin)', body(departmentInputSchema)),
      },
      '/api/admin/departments/{id}': {
        patch: op('Change a department (admin)', body(departmentUpdateSchema)),
      },
      '/api/admin/calendar': {
        put: op(
          'Office hours, day overrides, confirmed years; prefer /api/admin/calendar-settings (admin)',
          body(calendarUpdateSchema),
        ),
      },
      '/api/admin/policies': { put: op('Deadline policies (admin)', body(policiesUpdateSchema)) },
      '/api/admin/calendar-settings': {
        put: op(
          'The whole working calendar in one transaction: office hours, day overrides, confirmed years and deadline policies; `revision` (optional) refuses a stale save with 409 (admin)',
          body(calendarSaveSchema),
        ),
      },
      '/api/admin/calendar/import/preview': {
        post: op(
          'Parse a production calendar year (XML of accounting software: <calendar year><days><day d="DD.MM" t="1|2|3" h f/>) and show the difference against Viza; 422 with the reasons when malformed (admin)',
          body(calendarImportSchema),
        ),
      },
      '/api/admin/calendar/import/apply': {
        post: op(
          'Apply a previewed year and mark it official, in one transaction; 409 when the calendar changed since the preview (admin)',
          body(calendarImportApplySchema),
        ),
      },
      '/api/admin/channels': {
        get: op(
          'Channel settings: which credentials are set, configured, source env | settings | null — never the values (admin)',
        ),
      },
      '/api/admin/channels/{channel}': {
        put: op(
          'Store credentials of telegram | vk | ok, encrypted with VIZA_SECRET_KEY (write-only; omitted fields keep their value; 409 without the key) (admin)',
          {
            requestBody: {
              required: true,
              content: {
                'application/json': {
                  schema: {
                    oneOf: Object.values(channelSettingsSchemas).map((s) =>
                      z.toJSONSchema(s, { io: 'input', unrepresentable: 'any' }),
                    ),
                  },
                },
              },
            },
          },
        ),
        delete: op('Remove the stored credentials of a channel (admin)'),
      },
      '/api/admin/channels/{channel}/check': {
        post: op(
          '«Проверить подключение»: Telegram getMe + getChat, VK groups.getById, OK group.getInfo with the credentials in force; answers {ok, message} (admin)',
        ),
      },
      '/api/admin/audit': { get: op('Audit log of admin changes (admin)') },
      '/api/analytics/departments': {
        get: op(
          'Department discipline for a period (from, to: region days, inclusive): per department and in total — requests received, on time / late / open / withdrawn, on-time rate, response time (median, 90th percentile; regular in working hours, urgent in clock hours), returns; trend by week and month; response-time distribution; the calendar version. Editor and admin: every department (or `department`); a department contact: only its own; the governor: 403',
          { parameters: queryOf(periodQuerySchema) },
        ),
      },
      '/api/analytics/requests': {
        get: op(
          'The requests behind a figure (drill-down): the same period and scope, filtered by `figure`, optionally `kind` and a distribution `bin`',
          { parameters: queryOf(drillQuerySchema) },
        ),
      },
      '/api/analytics/departments/export': {
        get: op(
          'The departments table as CSV (UTF-8 with BOM, `;`, decimal commas) or XLSX (with a sheet of every request), the period and the calendar version in the file',
          { parameters: queryOf(exportQuerySchema) },
        ),
      },
      '/api/analytics/weekly': {
        get: op(
          'Last complete week (Monday–Sunday): the three best and three worst departments by on-time rate (governor, editor, admin)',
        ),
      },
    },
  }
}
