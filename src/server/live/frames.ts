import type { LiveEnvelope } from './bus'

const encoder = new TextEncoder()
const frames = new WeakMap<LiveEnvelope, Uint8Array>()

/**
 * The SSE frame of a change, encoded once per process however many streams receive it (the same
 * bytes as `writeSSE({ id, event: 'post', data })`): with thousands of open streams, serialising
 * per stream was most of the fan-out's cost.
 */
export function postFrame(e: LiveEnvelope): Uint8Array {
  let frame = frames.get(e)
  if (!frame) {
    frame = encoder.encode(`event: post\ndata: ${JSON.stringify(e.event)}\nid: ${e.event.id}\n\n`)
    frames.set(e, frame)
  }
  return frame
}
