import {
  commentCountsQuerySchema,
  commentEventBodySchema,
  commentListQuerySchema,
} from '../../shared/api/comments-contract'
import { confirmPublicationSchema } from '../../shared/api/contract'
import type { CommentEventPayload } from '../../domain/comment-lifecycle'
import { body, declare, errors, json, named, roles, router, schemas, signedIn, z } from './define'
import { actorOf } from './middleware'

const idParam = z.object({
  id: z
    .uuid({ message: 'Неверный идентификатор комментария' })
    .openapi({ param: { description: 'The comment' } }),
})

// Reply ids are int4 (serial): anything larger is a 400, not a database error.
const replyParam = idParam.extend({
  rid: z.coerce
    .number()
    .int()
    .positive()
    .max(2_147_483_647)
    .openapi({ param: { description: 'A row of the reply ledger' } }),
})

const tags = ['comments']

const listComments = declare({
  method: 'get',
  path: '/',
  operationId: 'listComments',
  tags,
  summary:
    'Citizens’ comments: the SMC sees all (overdue first, then by clock); a department only those routed to it',
  description:
    '`state`: one or more states, comma-separated; `department`: only those routed to it (the ' +
    'SMC and the admin; a department always sees only its own).',
  ...signedIn,
  request: { query: commentListQuerySchema },
  responses: { 200: json(schemas.CommentList, 'Registered comments'), ...errors(400, 401) },
})

const countComments = declare({
  method: 'get',
  path: '/counts',
  operationId: 'countComments',
  tags,
  summary:
    'How many comments stand in each state, how many are overdue, and how many wait for the SMC',
  ...signedIn,
  request: { query: commentCountsQuerySchema },
  responses: { 200: json(schemas.CommentCounts, 'Counts'), ...errors(400, 401) },
})

const getComment = declare({
  method: 'get',
  path: '/{id}',
  operationId: 'getComment',
  tags,
  summary: 'A comment with its thread, answer, clock, history and the events the user may send now',
  ...signedIn,
  request: { params: idParam },
  responses: { 200: json(schemas.CommentDetail, 'The comment'), ...errors(400, 401, 404) },
})

const sendCommentEvent = declare({
  method: 'post',
  path: '/{id}/events',
  operationId: 'sendCommentEvent',
  tags,
  summary: 'Send a comment lifecycle event',
  description:
    'TRIAGE, DISMISS, SUBMIT_ANSWER, EDIT_ANSWER, RETURN_TO_DEPARTMENT, REASSIGN, APPROVE_ANSWER ' +
    'with the version the person saw. The checker runs on the server: 422 `answer_blocked` ' +
    'carries its blocking issues in `details.issues` (the SMC may approve with `override`); ' +
    '409: the comment changed since; 422 `not_allowed_now`: not in this state.',
  ...signedIn,
  request: {
    params: idParam,
    body: body(named(commentEventBodySchema, 'CommentEventBody')),
  },
  responses: {
    200: json(schemas.CommentDetail, 'The comment after the event'),
    ...errors(400, 401, 403, 404, 409, 415, 422),
  },
})

const confirmReply = declare({
  method: 'post',
  path: '/{id}/replies/{rid}/confirm',
  operationId: 'confirmReply',
  tags,
  summary: 'SMC: the reply is on the page (with its URL), or it is not (queue again)',
  description:
    'For a reply posted by hand (a network Viza cannot reply on, or not configured), an ' +
    'unknown outcome or a failure. `sent: false` queues a new attempt where Viza can reply.',
  ...roles('editor'),
  request: { params: replyParam, body: body(confirmPublicationSchema) },
  responses: {
    200: json(schemas.CommentDetail, 'The comment with its reply ledger'),
    ...errors(400, 401, 403, 404, 415, 422),
  },
})

const retryReply = declare({
  method: 'post',
  path: '/{id}/replies/{rid}/retry',
  operationId: 'retryReply',
  tags,
  summary: 'SMC: retry a failed reply that surely did not take effect',
  ...roles('editor'),
  request: { params: replyParam },
  responses: {
    200: json(schemas.CommentDetail, 'The comment with its reply ledger'),
    ...errors(400, 401, 403, 404, 422),
  },
})

/** Citizens' comments: the SMC's queue, a department's inbox, and the lifecycle events. */
export const commentRoutes = router()
  .openapi(listComments, async (c) => {
    const { deps } = c.var
    return c.json(
      await deps.comments.list(actorOf(c.var.user!), c.req.valid('query'), deps.clock.now()),
      200,
    )
  })
  .openapi(countComments, async (c) => {
    const { deps } = c.var
    return c.json(
      await deps.comments.counts(actorOf(c.var.user!), c.req.valid('query'), deps.clock.now()),
      200,
    )
  })
  .openapi(getComment, async (c) => {
    const { deps } = c.var
    const detail = await deps.comments.get(
      actorOf(c.var.user!),
      c.req.valid('param').id,
      deps.clock.now(),
    )
    return c.json(detail, 200)
  })
  .openapi(sendCommentEvent, async (c) => {
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
    // The approved answer is in the reply ledger: send it now rather than at the next beat.
    if (detail.state === 'posting') void deps.replies.pass()
    return c.json(detail, 200)
  })
  .openapi(confirmReply, async (c) => {
    const { deps } = c.var
    const { id, rid } = c.req.valid('param')
    const actor = actorOf(c.var.user!)
    await deps.comments.get(actor, id, deps.clock.now()) // 404 unless visible
    await deps.replies.confirm(id, rid, c.req.valid('json'))
    return c.json(await deps.comments.get(actor, id, deps.clock.now()), 200)
  })
  .openapi(retryReply, async (c) => {
    const { deps } = c.var
    const { id, rid } = c.req.valid('param')
    const actor = actorOf(c.var.user!)
    await deps.comments.get(actor, id, deps.clock.now())
    await deps.replies.retry(id, rid)
    return c.json(await deps.comments.get(actor, id, deps.clock.now()), 200)
  })
