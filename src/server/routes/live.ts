import { Hono } from 'hono'
import { streamSSE } from 'hono/streaming'
import { loadEnvelopes, mayReceive, type LiveEnvelope } from '../live/bus'
import { postFrame } from '../live/frames'
import { actorOf, requireUser, type Env } from './middleware'

const HEARTBEAT_MS = 25_000

/** Open SSE streams, so a shutdown can end them instead of waiting forever. */
export const openStreams = new Set<() => void>()

/**
 * Server-Sent Events: every history row the user may see. Ids are history ids, so a client
 * that reconnects with Last-Event-ID (after a drop or a server restart) gets what it missed.
 */
export const liveRoutes = new Hono<Env>().get('/events', requireUser, (c) => {
  const { deps } = c.var
  const actor = actorOf(c.var.user!)
  // No Last-Event-ID: a new client wants what happens from now on, not the whole history.
  const resumeFrom = c.req.header('last-event-id') ?? c.req.query('lastEventId')
  const lastEventId = resumeFrom && /^\d+$/.test(resumeFrom) ? Number(resumeFrom) : NaN
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
    const send = async (e: LiveEnvelope) => {
      if (closed || e.event.id <= sentUpTo || !mayReceive(actor, e)) return
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
    try {
      if (Number.isFinite(lastEventId) && lastEventId >= 0) {
        for (let after = lastEventId; ;) {
          const batch = await loadEnvelopes(deps.database.db, after)
          for (const e of batch) await send(e)
          if (batch.length < 500) break
          after = batch[batch.length - 1]!.event.id
        }
      } else {
        sentUpTo = deps.bus.lastSeenId
      }
      await stream.writeSSE({
        id: String(sentUpTo),
        event: 'ready',
        data: JSON.stringify({ lastEventId: sentUpTo }),
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
      unsubscribe()
      openStreams.delete(end)
      if (!closed) end()
    }
  })
})
