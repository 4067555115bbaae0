import {
  confirmPublicationSchema,
  createPostSchema,
  postEventBodySchema,
  postListQuerySchema,
} from '../../shared/api/contract'
import { ApiError } from '../lib/errors'
import { isSafeText, UNSAFE_TEXT_MESSAGE } from '../lib/safe-text'
import { body, declare, errors, json, named, roles, router, schemas, signedIn, z } from './define'
import { actorOf } from './middleware'

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

const idParam = z.object({
  id: z.uuid({ message: 'Неверный идентификатор публикации' }).openapi({
    param: { description: 'The post' },
  }),
})
// Publication ids are int4 (serial): anything larger is a 400, not a database error.
const publicationParam = idParam.extend({
  pid: z.coerce
    .number()
    .int()
    .positive()
    .max(2_147_483_647)
    .openapi({ param: { description: 'A row of the publication ledger' } }),
})

const tags = ['posts']

const listPosts = declare({
  method: 'get',
  path: '/',
  operationId: 'listPosts',
  tags,
  summary: 'Posts visible to the user (a department sees only its own)',
  ...signedIn,
  request: { query: postListQuerySchema },
  responses: { 200: json(schemas.PostList, 'One page of posts'), ...errors(400, 401) },
})

const createPost = declare({
  method: 'post',
  path: '/',
  operationId: 'createPost',
  tags,
  summary: 'Create a request (editor; the governor’s is his urgent instruction)',
  ...roles('editor', 'governor'),
  request: { body: body(createPostSchema) },
  responses: {
    201: json(schemas.PostDetail, 'The new post'),
    ...errors(400, 401, 403, 415, 422),
  },
})

const getPost = declare({
  method: 'get',
  path: '/{id}',
  operationId: 'getPost',
  tags,
  summary: 'A post with versions, history and the events the user may send now',
  ...signedIn,
  request: { params: idParam },
  responses: { 200: json(schemas.PostDetail, 'The post'), ...errors(400, 401, 404) },
})

const versionParam = idParam.extend({
  number: z.coerce
    .number({ message: 'Номер версии — целое число' })
    .int({ message: 'Номер версии — целое число' })
    .positive({ message: 'Номер версии — целое число больше нуля' })
    .max(2_147_483_647, { message: 'Такой версии нет' })
    .openapi({ param: { description: 'The text version’s number (1, 2, …)' } }),
})

const getVersion = declare({
  method: 'get',
  path: '/{id}/versions/{number}',
  operationId: 'getPostVersion',
  tags,
  summary: 'One text version with its text (the post lists versions without theirs)',
  ...signedIn,
  request: { params: versionParam },
  responses: { 200: json(schemas.TextVersion, 'The version'), ...errors(400, 401, 404) },
})

const sendEvent = declare({
  method: 'post',
  path: '/{id}/events',
  operationId: 'sendPostEvent',
  tags,
  summary: 'Send a lifecycle event',
  description:
    'The body is one of the event payloads with the version the person saw. 409: the post ' +
    'changed since (the body has the current post); 422: not allowed in this state.',
  ...signedIn,
  request: {
    params: idParam,
    body: body(named(postEventBodySchema, 'PostEventBody')),
  },
  responses: {
    200: json(schemas.PostEventAnswer, 'The post’s new state, version, text and next actions'),
    409: json(schemas.Conflict, 'The post changed since the version the person saw'),
    ...errors(400, 401, 403, 404, 415, 422),
  },
})

const confirmPublication = declare({
  method: 'post',
  path: '/{id}/publications/{pid}/confirm',
  operationId: 'confirmPublication',
  tags: ['publications'],
  summary: 'Editor: the channel has the post (with its URL), or it does not (queue again)',
  ...roles('editor'),
  request: { params: publicationParam, body: body(confirmPublicationSchema) },
  responses: {
    200: json(schemas.PostDetail, 'The post with its ledger'),
    ...errors(400, 401, 403, 404, 409, 415, 422),
  },
})

const retryPublication = declare({
  method: 'post',
  path: '/{id}/publications/{pid}/retry',
  operationId: 'retryPublication',
  tags: ['publications'],
  summary: 'Editor: retry a failed attempt that surely did not take effect',
  ...roles('editor'),
  request: { params: publicationParam },
  responses: {
    200: json(schemas.PostDetail, 'The post with its ledger'),
    ...errors(400, 401, 403, 404, 409, 422),
  },
})

/** The upload's form: declared here, checked by the handler itself (for its own messages). */
const uploadForm = z
  .object({
    file: z.custom<File>().openapi({
      type: 'string',
      format: 'binary',
      description: 'JPEG, PNG or WebP, at most 10 MB',
    }),
    expectedVersion: z
      .custom<string>()
      .openapi({ type: 'string', description: 'The post version the person saw' }),
  })
  .openapi({ required: ['file', 'expectedVersion'] })

const uploadMedia = declare({
  method: 'post',
  path: '/{id}/media',
  operationId: 'uploadPostMedia',
  tags: ['media'],
  summary: 'Attach an image',
  description:
    'multipart/form-data with `file` and `expectedVersion`, and the header `X-Viza-Upload: 1` ' +
    '(the CSRF guard asks for it). JPEG, PNG or WebP (by content), at most 10 MB.',
  ...signedIn,
  request: {
    params: idParam,
    headers: z.object({
      'x-viza-upload': z.literal('1').optional().openapi({
        description: 'Required for multipart bodies: a cross-site form cannot send it',
      }),
    }),
    body: { required: true, content: { 'multipart/form-data': { schema: uploadForm } } },
  },
  responses: {
    200: json(schemas.PostDetail, 'The post with the image attached'),
    ...errors(400, 401, 403, 404, 409, 413, 415, 422),
  },
})

export const postRoutes = router()
  .openapi(listPosts, async (c) => {
    const list = await c.var.deps.posts.list(actorOf(c.var.user!), c.req.valid('query'))
    return c.json(list, 200)
  })
  .openapi(createPost, async (c) => {
    const { deps } = c.var
    const post = await deps.posts.create(
      actorOf(c.var.user!),
      c.req.valid('json'),
      deps.clock.now(),
    )
    return c.json(post, 201)
  })
  .openapi(getPost, async (c) => {
    const { deps } = c.var
    return c.json(
      await deps.posts.get(actorOf(c.var.user!), c.req.valid('param').id, deps.clock.now()),
      200,
    )
  })
  .openapi(getVersion, async (c) => {
    const { id, number } = c.req.valid('param')
    return c.json(await c.var.deps.posts.version(actorOf(c.var.user!), id, number), 200)
  })
  .openapi(sendEvent, async (c) => {
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
  })
  .openapi(confirmPublication, async (c) => {
    const { deps } = c.var
    const { id, pid } = c.req.valid('param')
    const actor = actorOf(c.var.user!)
    await deps.posts.get(actor, id, deps.clock.now()) // 404 unless visible
    await deps.publisher.confirm(id, pid, c.req.valid('json'))
    return c.json(await deps.posts.get(actor, id, deps.clock.now()), 200)
  })
  .openapi(retryPublication, async (c) => {
    const { deps } = c.var
    const { id, pid } = c.req.valid('param')
    const actor = actorOf(c.var.user!)
    await deps.posts.get(actor, id, deps.clock.now())
    await deps.publisher.retry(id, pid)
    return c.json(await deps.posts.get(actor, id, deps.clock.now()), 200)
  })
  .openapi(uploadMedia, async (c) => {
    const { deps } = c.var
    // The form was read by the validator (a malformed one is a 400 there); the values are
    // checked here, whatever was sent: a repeated field arrives as an array.
    const form: Record<string, unknown> = c.req.valid('form')
    const file = form.file
    const expectedVersion = Number(form.expectedVersion)
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
