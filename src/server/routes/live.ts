import { streamSSE } from 'hono/streaming'
import { mayReceive, type LiveEnvelope } from '../live/bus'
import { parseLastEventId, replay, StreamCounter } from '../live/replay'
import { declare, errors, router, signedIn, z } from './define'
import { actorOf, errorBody } from './middleware'
import { postFrame } from '../live/frames'
import { mayHearComment } from '../comments/signals'

const HEARTBEAT_MS = 25_000

/** Open SSE streams, so a shutdown can end them instead of waiting forever. */
export const openStreams = new Set<() => void>()
/** Per server (several may run in one process, as in tests): open streams per user. */
const streamCounters = new WeakMap<object, StreamCounter>()

/**
 * Server-Sent Events: every history row the user may see. Ids are history ids, so a client
 * that reconnects with Last-Event-ID (after a drop or a server restart) gets what it missed.
 */
const events = declare({
  method: 'get',
  path: '/events',
  operationId: 'streamEvents',
  tags: ['live'],
  summary: 'Server-Sent Events: one `post` event per history row the user may see',
  description:
    'Frames: `ready` ({lastEventId, reset}) first, then `post` (a LiveEvent as JSON) per ' +
    'history row, `notification` (`{}`, no id) when the notification centre has something ' +
    'new for this person, `comment` (`{commentId, event, actorId, state, version}`, no id) ' +
    "when a citizen's comment this person may see changed, `ping` every 25 s. Ids are history ids: a reconnect with " +
    'Last-Event-ID (or ' +
    '`?lastEventId=`) replays what was missed; `reset: true` means too far behind, refetch.',
  ...signedIn,
  request: {
    query: z.object({
      lastEventId: z
        .string()
        .optional()
        .openapi({ description: 'For clients that cannot send the Last-Event-ID header' }),
    }),
    headers: z.object({
      'last-event-id': z
        .string()
        .optional()
        .openapi({ description: 'The id of the last frame received' }),
    }),
  },
  responses: {
    200: {
      description: 'The event stream',
      content: { 'text/event-stream': { schema: z.string() } },
    },
    ...errors(400, 401, 429),
  },
})

export const liveRoutes = router().openapi(events, (c) => {
  const { deps } = c.var
  const actor = actorOf(c.var.user!)
  // No Last-Event-ID: a new client wants what happens from now on, not the whole history.
  const lastEventId = parseLastEventId(c.req.header('last-event-id') ?? c.req.query('lastEventId'))
  const userId = c.var.user!.id
  let streamsPerUser = streamCounters.get(deps)
  if (!streamsPerUser) streamCounters.set(deps, (streamsPerUser = new StreamCounter()))
  if (!streamsPerUser.tryOpen(userId)) {
    return c.json(
      errorBody(
        'too_many_streams',
        'Слишком много открытых вкладок с обновлениями: закройте лишние и обновите страницу',
      ),
      429,
    )
  }
  return streamSSE(c, async (stream) => {
    let closed = false
    let wake: () => void = () => {}
    const finished = new Promise<void>((resolve) => (wake = resolve))
    const end = () => {
      closed = true
      wake()
    }
    openStreams.add(end)
    stream.onAbort(end)

    let sentUpTo = 0
    /** `visible`: already filtered for this person (a replay's rows). */
    const send = async (e: LiveEnvelope, visible = false) => {
      if (closed || e.event.id <= sentUpTo || !(visible || mayReceive(actor, e))) return
      sentUpTo = e.event.id
      await stream.write(postFrame(e))
    }
    // Subscribe before replaying so nothing falls between the two; writes stay in order.
    let chain: Promise<void> = Promise.resolve()
    const pending: LiveEnvelope[] = []
    let live = false
    const unsubscribe = deps.bus.subscribe((e) => {
      if (!live) pending.push(e)
      else chain = chain.then(() => send(e)).catch(end)
    })
    // New notifications for this person (issue 13): a frame without an id, so it never moves
    // the replay position; the app refetches its notification centre.
    const unsubscribeNotifications = deps.notifications.signals.subscribe(userId, () => {
      if (closed) return
      chain = chain.then(() => stream.writeSSE({ event: 'notification', data: '{}' })).catch(end)
    })
    // Citizens' comments (issue 14): a `comment` frame without an id per change this person
    // may see; the app refetches its comment screens (and all of them after a reconnect).
    const unsubscribeComments = deps.comments.signals.subscribe((s) => {
      if (closed || !mayHearComment(actor, s)) return
      const data = JSON.stringify({
        commentId: s.commentId,
        event: s.event,
        actorId: s.actorId,
        state: s.state,
        version: s.version,
      })
      chain = chain.then(() => stream.writeSSE({ event: 'comment', data })).catch(end)
    })
    let reset = false
    try {
      // Everything up to what the bus has announced comes from the replay; the rest from `pending`.
      const upTo = deps.bus.lastSeenId
      const plan =
        lastEventId === null ? null : await replay(deps.database.db, actor, lastEventId, upTo)
      if (plan && !plan.reset) {
        sentUpTo = lastEventId!
        for (const event of plan.events) await send({ event, departmentIds: [] }, true)
        sentUpTo = Math.max(sentUpTo, upTo)
      } else {
        reset = plan !== null
        sentUpTo = upTo
      }
      await stream.writeSSE({
        id: String(sentUpTo),
        event: 'ready',
        data: JSON.stringify({ lastEventId: sentUpTo, reset }),
      })
      for (const e of pending.splice(0)) await send(e)
      live = true
      const heartbeat = setInterval(
        () => void stream.writeSSE({ event: 'ping', data: '' }).catch(end),
        HEARTBEAT_MS,
      )
      await finished
      clearInterval(heartbeat)
      await chain
    } finally {
      streamsPerUser.close(userId)
      unsubscribe()
      unsubscribeNotifications()
      unsubscribeComments()
      openStreams.delete(end)
      if (!closed) end()
    }
  })
})
