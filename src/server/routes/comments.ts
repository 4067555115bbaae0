import { Hono } from 'hono'
import { z } from 'zod'
import { commentEventBodySchema, commentListQuerySchema } from '../../shared/api/comments-contract'
import type { CommentEventPayload } from '../../domain/comment-lifecycle'
import { actorOf, requireUser, validate, type Env } from './middleware'

const idParam = z.object({ id: z.uuid({ message: 'Неверный идентификатор комментария' }) })

/** Citizens' comments: the SMC's queue, a department's inbox, and the lifecycle events. */
export const commentRoutes = new Hono<Env>()
  .use(requireUser)
  .get('/', validate('query', commentListQuerySchema), async (c) => {
    const { deps } = c.var
    return c.json(
      await deps.comments.list(actorOf(c.var.user!), c.req.valid('query').state, deps.clock.now()),
      200,
    )
  })
  .get('/:id', validate('param', idParam), async (c) => {
    const { deps } = c.var
    const detail = await deps.comments.get(
      actorOf(c.var.user!),
      c.req.valid('param').id,
      deps.clock.now(),
    )
    return c.json(detail, 200)
  })
  .post(
    '/:id/events',
    validate('param', idParam),
    validate('json', commentEventBodySchema),
    async (c) => {
      const { deps } = c.var
      const { expectedVersion, ...payload } = c.req.valid('json')
      // The actor comes from the session and the checker's verdict from the server itself.
      const detail = await deps.comments.applyEvent(
        actorOf(c.var.user!),
        c.req.valid('param').id,
        payload as CommentEventPayload,
        expectedVersion,
        deps.clock.now(),
      )
      return c.json(detail, 200)
    },
  )
