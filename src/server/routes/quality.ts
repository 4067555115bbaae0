import { Hono } from 'hono'
import { qualityCheckSchema, type QualityCheckDto } from '../../shared/api/quality-contract'
import { requireUser, validate, type Env } from './middleware'

/** The «отписка» checker for anyone signed in, and the region's words the browser adds. */
export const qualityRoutes = new Hono<Env>()
  .post('/quality/check', requireUser, validate('json', qualityCheckSchema), async (c) => {
    const { text, kind } = c.req.valid('json')
    const body: QualityCheckDto = { issues: await c.var.deps.quality.check(text, kind) }
    return c.json(body, 200)
  })
  .get('/quality/words', requireUser, async (c) => {
    // the answer screen is opening: build the server's dictionary too, without waiting
    c.var.deps.quality.warm()
    return c.text(await c.var.deps.quality.regionWords(), 200, {
      'cache-control': 'private, no-cache',
    })
  })
