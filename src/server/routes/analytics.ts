import { Hono } from 'hono'
import {
  drillQuerySchema,
  exportQuerySchema,
  periodQuerySchema,
} from '../../shared/api/analytics-contract'
import { exportFileName, toCsv, toXlsx } from '../analytics/export'
import { scopeFor } from '../analytics/service'
import { actorOf, requireRole, requireUser, validate, type Env } from './middleware'

/**
 * Department discipline (issue 15). Role scope is decided once, in `scopeFor`: the SMC and the
 * admin see every department, a department contact only its own (whatever it asks for), the
 * governor the weekly summary.
 */
export const analyticsRoutes = new Hono<Env>()
  .use(requireUser)
  .get('/departments', validate('query', periodQuerySchema), async (c) => {
    const { deps } = c.var
    const { department, ...period } = c.req.valid('query')
    const scope = scopeFor(actorOf(c.var.user!), department)
    return c.json(await deps.analytics.departments(period, scope, deps.clock.now()), 200)
  })
  .get('/requests', validate('query', drillQuerySchema), async (c) => {
    const { deps } = c.var
    const q = c.req.valid('query')
    const scope = scopeFor(actorOf(c.var.user!), q.department)
    return c.json(await deps.analytics.requests(q, scope, deps.clock.now()), 200)
  })
  .get('/departments/export', validate('query', exportQuerySchema), async (c) => {
    const { deps } = c.var
    const { department, format, ...period } = c.req.valid('query')
    const scope = scopeFor(actorOf(c.var.user!), department)
    const now = deps.clock.now()
    if (format === 'csv') {
      const report = await deps.analytics.departments(period, scope, now)
      return c.body(toCsv(report), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${exportFileName(report, format)}"`,
      })
    }
    const { report, requests } = await deps.analytics.exportData(period, scope, now)
    const disposition = `attachment; filename="${exportFileName(report, format)}"`
    const bytes = await toXlsx(report, requests)
    return c.body(new Uint8Array(bytes), 200, {
      'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      'content-disposition': disposition,
    })
  })
  .get('/weekly', requireRole('governor', 'editor', 'admin'), async (c) => {
    const { deps } = c.var
    return c.json(await deps.analytics.weekly(deps.clock.now()), 200)
  })
