import { Hono } from 'hono'
import { z } from 'zod'
import {
  confirmPublicationSchema,
  createPostSchema,
  postEventBodySchema,
  postListQuerySchema,
} from '../../shared/api/contract'
import { actorOf, requireRole, requireUser, validate, type Env } from './middleware'

const idParam = z.object({ id: z.uuid({ message: 'Неверный идентификатор публикации' }) })
const publicationParam = idParam.extend({ pid: z.coerce.number().int().positive() })

export const postRoutes = new Hono<Env>()
  .use(requireUser)
  .get('/', validate('query', postListQuerySchema), async (c) => {
    const list = await c.var.deps.posts.list(actorOf(c.var.user!), c.req.valid('query'))
    return c.json(list, 200)
  })
  .post('/', requireRole('editor', 'governor'), validate('json', createPostSchema), async (c) => {
    const { deps } = c.var
    const post = await deps.posts.create(
      actorOf(c.var.user!),
      c.req.valid('json'),
      deps.clock.now(),
    )
    return c.json(post, 201)
  })
  .get('/:id', validate('param', idParam), async (c) => {
    const { deps } = c.var
    return c.json(
      await deps.posts.get(actorOf(c.var.user!), c.req.valid('param').id, deps.clock.now()),
      200,
    )
  })
  .post(
    '/:id/events',
    validate('param', idParam),
    validate('json', postEventBodySchema),
    async (c) => {
      const { deps } = c.var
      const { expectedVersion, ...payload } = c.req.valid('json')
      // The actor always comes from the session; an `actor` in the body is dropped by the schema.
      const post = await deps.posts.applyEvent(
        actorOf(c.var.user!),
        c.req.valid('param').id,
        payload as Parameters<typeof deps.posts.applyEvent>[2],
        expectedVersion,
        deps.clock.now(),
      )
      if (post.state === 'publishing') void deps.publisher.pass()
      return c.json(post, 200)
    },
  )
  .post(
    '/:id/publications/:pid/confirm',
    requireRole('editor'),
    validate('param', publicationParam),
    validate('json', confirmPublicationSchema),
    async (c) => {
      const { deps } = c.var
      const { id, pid } = c.req.valid('param')
      const actor = actorOf(c.var.user!)
      await deps.posts.get(actor, id, deps.clock.now()) // 404 unless visible
      await deps.publisher.confirm(id, pid, c.req.valid('json'))
      return c.json(await deps.posts.get(actor, id, deps.clock.now()), 200)
    },
  )
  .post(
    '/:id/publications/:pid/retry',
    requireRole('editor'),
    validate('param', publicationParam),
    async (c) => {
      const { deps } = c.var
      const { id, pid } = c.req.valid('param')
      const actor = actorOf(c.var.user!)
      await deps.posts.get(actor, id, deps.clock.now())
      await deps.publisher.retry(id, pid)
      return c.json(await deps.posts.get(actor, id, deps.clock.now()), 200)
    },
  )
