import { Hono } from 'hono'
import { z } from 'zod'
import {
  confirmPublicationSchema,
  createPostSchema,
  postEventBodySchema,
  postListQuerySchema,
} from '../../shared/api/contract'
import { ApiError } from '../lib/errors'
import { isSafeText, UNSAFE_TEXT_MESSAGE } from '../lib/safe-text'
import { actorOf, requireRole, requireUser, validate, type Env } from './middleware'

export const MAX_IMAGE_BYTES = 10 * 1024 * 1024

/** The image type by its first bytes, not by what the client claims. */
export function sniffImage(b: Buffer): 'image/jpeg' | 'image/png' | 'image/webp' | null {
  if (b.length > 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg'
  if (
    b.length > 8 &&
    b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))
  )
    return 'image/png'
  if (
    b.length > 12 &&
    b.toString('ascii', 0, 4) === 'RIFF' &&
    b.toString('ascii', 8, 12) === 'WEBP'
  )
    return 'image/webp'
  return null
}

const idParam = z.object({ id: z.uuid({ message: 'Неверный идентификатор публикации' }) })
// Publication ids are int4 (serial): anything larger is a 400, not a database error.
const publicationParam = idParam.extend({
  pid: z.coerce.number().int().positive().max(2_147_483_647),
})

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
  .post('/:id/media', validate('param', idParam), async (c) => {
    const { deps } = c.var
    const form = await c.req.formData().catch(() => {
      throw new ApiError(400, 'bad_request', 'Ожидается форма с файлом (multipart/form-data)')
    })
    const file = form.get('file')
    const expectedVersion = Number(form.get('expectedVersion'))
    if (!(file instanceof File))
      throw new ApiError(400, 'file_required', 'Приложите файл изображения')
    if (!Number.isInteger(expectedVersion) || expectedVersion < 0) {
      throw new ApiError(
        400,
        'bad_request',
        'Нужен expectedVersion — версия публикации, которую вы видели',
      )
    }
    if (file.size > MAX_IMAGE_BYTES)
      throw new ApiError(413, 'payload_too_large', 'Фото больше 10 МБ')
    const bytes = Buffer.from(await file.arrayBuffer())
    const mime = sniffImage(bytes)
    if (!mime)
      throw new ApiError(415, 'unsupported_media_type', 'Поддерживаются только JPEG, PNG и WebP')
    // Cut by code points, so a long name never ends in half a character.
    const name = Array.from(file.name.split(/[\\/]/).pop()!).slice(0, 200).join('') || 'photo'
    if (!isSafeText(name)) {
      const issues = [{ path: 'file', message: UNSAFE_TEXT_MESSAGE }]
      throw new ApiError(400, 'validation_failed', `Имя файла: ${UNSAFE_TEXT_MESSAGE}`, { issues })
    }
    const actor = actorOf(c.var.user!)
    const post = await deps.posts.attachMedia(
      actor,
      c.req.valid('param').id,
      { name, mime, bytes },
      expectedVersion,
      deps.clock.now(),
    )
    return c.json(post, 200)
  })
