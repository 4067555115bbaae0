import {
  commentDrillQuerySchema,
  drillQuerySchema,
  exportQuerySchema,
  periodQuerySchema,
} from '../../shared/api/analytics-contract'
import {
  analyticsCommentListSchema,
  commentsReportSchema,
  departmentsReportSchema,
  requestListSchema,
  weeklySummarySchema,
} from '../../shared/api/responses'
import { exportFileName, toCsv, toXlsx } from '../analytics/export'
import { scopeFor } from '../analytics/service'
import { declare, errors, json, named, roles, router, signedIn, z } from './define'
import { actorOf } from './middleware'

const tags = ['analytics']
const scopeNote =
  'The SMC and the admin see every department (or the one asked for), a department contact ' +
  'only its own whatever it asks for, the governor only the weekly summary (403).'

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
const file = z.string().openapi({ format: 'binary' })

const departmentsReport = declare({
  method: 'get',
  path: '/departments',
  operationId: 'getDepartmentsReport',
  tags,
  summary: 'Department discipline for a period: the table, trends and response-time distribution',
  description: `\`from\` and \`to\` are days in the region, both included. ${scopeNote}`,
  ...signedIn,
  request: { query: periodQuerySchema },
  responses: {
    200: json(named(departmentsReportSchema, 'DepartmentsReport'), 'The report'),
    ...errors(400, 401, 403),
  },
})

const drillDown = declare({
  method: 'get',
  path: '/requests',
  operationId: 'listAnalyticsRequests',
  tags,
  summary: 'The requests behind a figure of the report (one bar of the distribution with `bin`)',
  description: scopeNote,
  ...signedIn,
  request: { query: drillQuerySchema },
  responses: {
    200: json(named(requestListSchema, 'AnalyticsRequestList'), 'The requests'),
    ...errors(400, 401, 403),
  },
})

const commentsReport = declare({
  method: 'get',
  path: '/comments/departments',
  operationId: 'getCommentsReport',
  tags,
  summary:
    "Citizens' comments for a period, per department: answered on time, late, open; interim answers, overdue, checker overrides; working-hour response times, trends, distribution",
  description:
    `\`from\` and \`to\` are days in the region, both included. Computed from \`comment_history\` ` +
    `with the comment machine's clocks (9 working hours, priority 4, the final answer after an ` +
    `interim one 7 working days). ${scopeNote}`,
  ...signedIn,
  request: { query: periodQuerySchema },
  responses: {
    200: json(named(commentsReportSchema, 'CommentsReport'), 'The comments report'),
    ...errors(400, 401, 403),
  },
})

const commentDrillDown = declare({
  method: 'get',
  path: '/comments',
  operationId: 'listAnalyticsComments',
  tags,
  summary: 'The comments behind a figure of the comments report (one bar with `kind` and `bin`)',
  description: scopeNote,
  ...signedIn,
  request: { query: commentDrillQuerySchema },
  responses: {
    200: json(named(analyticsCommentListSchema, 'AnalyticsCommentList'), 'The comments'),
    ...errors(400, 401, 403),
  },
})

const exportReport = declare({
  method: 'get',
  path: '/departments/export',
  operationId: 'exportDepartmentsReport',
  tags,
  summary:
    "The report as a file (requests and citizens' comments): CSV as Russian Excel opens it, or XLSX with every request and comment",
  description: `A download (\`content-disposition: attachment\`). ${scopeNote}`,
  ...signedIn,
  request: { query: exportQuerySchema },
  responses: {
    200: {
      description: 'The file: CSV (UTF-8 with a BOM, `;`, decimal commas) or XLSX',
      content: {
        'text/csv': { schema: file },
        [XLSX_TYPE]: { schema: file },
      },
    },
    ...errors(400, 401, 403),
  },
})

const weekly = declare({
  method: 'get',
  path: '/weekly',
  operationId: 'getWeeklySummary',
  tags,
  summary: 'Last full week: the three best and three worst departments by on-time rate',
  ...roles('governor', 'editor', 'admin'),
  responses: {
    200: json(named(weeklySummarySchema, 'WeeklySummary'), 'The ranking'),
    ...errors(401, 403),
  },
})

/**
 * Department discipline (issue 15). Role scope is decided once, in `scopeFor`: the SMC and the
 * admin see every department, a department contact only its own (whatever it asks for), the
 * governor the weekly summary.
 */
export const analyticsRoutes = router()
  .openapi(departmentsReport, async (c) => {
    const { deps } = c.var
    const { department, ...period } = c.req.valid('query')
    const scope = scopeFor(actorOf(c.var.user!), department)
    return c.json(await deps.analytics.departments(period, scope, deps.clock.now()), 200)
  })
  .openapi(drillDown, async (c) => {
    const { deps } = c.var
    const q = c.req.valid('query')
    const scope = scopeFor(actorOf(c.var.user!), q.department)
    return c.json(await deps.analytics.requests(q, scope, deps.clock.now()), 200)
  })
  .openapi(exportReport, async (c) => {
    const { deps } = c.var
    const { department, format, ...period } = c.req.valid('query')
    const scope = scopeFor(actorOf(c.var.user!), department)
    const data = await deps.analytics.exportData(period, scope, deps.clock.now())
    if (format === 'csv') {
      return c.body(toCsv(data), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${exportFileName(data.report, format)}"`,
      })
    }
    const bytes = await toXlsx(data)
    return c.body(new Uint8Array(bytes), 200, {
      'content-type': XLSX_TYPE,
      'content-disposition': `attachment; filename="${exportFileName(data.report, format)}"`,
    })
  })
  .openapi(commentsReport, async (c) => {
    const { deps } = c.var
    const { department, ...period } = c.req.valid('query')
    const scope = scopeFor(actorOf(c.var.user!), department)
    return c.json(await deps.analytics.commentsReport(period, scope, deps.clock.now()), 200)
  })
  .openapi(commentDrillDown, async (c) => {
    const { deps } = c.var
    const q = c.req.valid('query')
    const scope = scopeFor(actorOf(c.var.user!), q.department)
    return c.json(await deps.analytics.comments(q, scope, deps.clock.now()), 200)
  })
  .openapi(weekly, async (c) => {
    const { deps } = c.var
    return c.json(await deps.analytics.weekly(deps.clock.now()), 200)
  })
