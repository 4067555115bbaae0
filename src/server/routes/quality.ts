import { qualityCheckSchema } from '../../shared/api/quality-contract'
import { body, declare, errors, json, router, schemas, signedIn, z } from './define'
import { errorBody } from './middleware'

const tags = ['quality']

const checkText = declare({
  method: 'post',
  path: '/quality/check',
  operationId: 'checkText',
  tags,
  summary: 'The «отписка» checker on a text being written',
  description:
    'An answer gets every rule (greeting, spelling, colloquialisms, rudeness block; hollow ' +
    'formulas, pasted legislation, no specifics warn); a post draft gets spelling, ' +
    'colloquialisms and rudeness, as warnings. The check has a hard time bound: past it the ' +
    'answer holds the issues found so far and a `note`. Each person gets a burst of checks, ' +
    'then one a second (429 with `retryAfterSeconds`).',
  ...signedIn,
  request: { body: body(qualityCheckSchema) },
  responses: {
    200: json(schemas.QualityCheck, 'The issues, in text order'),
    ...errors(400, 401, 415, 429),
  },
})

const regionWords = declare({
  method: 'get',
  path: '/quality/words',
  operationId: 'getRegionWords',
  tags,
  summary: 'The region’s words the spelling rule accepts (built in + the admin’s file)',
  description: 'One word a line, optionally `word : model` (declined like the model word).',
  ...signedIn,
  responses: {
    200: {
      description: 'The words, as text',
      content: { 'text/plain': { schema: z.string() } },
    },
    ...errors(401),
  },
})

/** The «отписка» checker for anyone signed in, and the region's words the browser adds. */
export const qualityRoutes = router()
  .openapi(checkText, async (c) => {
    const { text, kind } = c.req.valid('json')
    const { deps } = c.var
    const verdict = deps.checkRate.take(c.var.user!.id, deps.clock.now().getTime())
    if (!verdict.ok) {
      const seconds = Math.max(1, Math.ceil(verdict.retryAfterMs / 1000))
      c.header('retry-after', String(seconds))
      return c.json(
        errorBody(
          'too_many_checks',
          `Слишком много проверок подряд. Следующая — через ${seconds} с.`,
          { retryAfterSeconds: seconds },
        ),
        429,
      )
    }
    return c.json(await deps.quality.check(text, kind), 200)
  })
  .openapi(regionWords, async (c) => {
    // the answer screen is opening: build the server's dictionary too, without waiting
    c.var.deps.quality.warm()
    return c.text(await c.var.deps.quality.regionWords(), 200, {
      'cache-control': 'private, no-cache',
    })
  })
