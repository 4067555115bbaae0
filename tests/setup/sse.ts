/** A minimal Server-Sent Events reader over fetch, for tests. */
export interface SseEvent {
  id?: string
  event: string
  data: string
}

export function openSse(url: string, cookie: string, lastEventId?: number) {
  const events: SseEvent[] = []
  const controller = new AbortController()
  const waiters: Array<() => void> = []
  const ready = (async () => {
    const res = await fetch(url, {
      headers: {
        cookie,
        accept: 'text/event-stream',
        ...(lastEventId !== undefined ? { 'last-event-id': String(lastEventId) } : {}),
      },
      signal: controller.signal,
    })
    if (res.status !== 200) throw new Error(`SSE ${res.status}`)
    return res
  })()
  void ready
    .then(async (res) => {
      const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader()
      let buffer = ''
      for (;;) {
        const { value, done } = await reader.read()
        if (done) break
        buffer += value
        let idx
        while ((idx = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, idx)
          buffer = buffer.slice(idx + 2)
          const e: SseEvent = { event: 'message', data: '' }
          for (const line of block.split('\n')) {
            const [k, ...rest] = line.split(':')
            const v = rest.join(':').replace(/^ /, '')
            if (k === 'id') e.id = v
            else if (k === 'event') e.event = v
            else if (k === 'data') e.data += v
          }
          events.push(e)
          waiters.splice(0).forEach((w) => w())
        }
      }
    })
    .catch(() => {})

  return {
    events,
    posts: () => events.filter((e) => e.event === 'post').map((e) => JSON.parse(e.data)),
    async waitFor(pred: (events: SseEvent[]) => boolean, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs
      while (!pred(events)) {
        if (Date.now() > deadline)
          throw new Error(`SSE: timed out; got ${JSON.stringify(events.map((e) => e.event))}`)
        await new Promise<void>((r) => {
          waiters.push(r)
          setTimeout(r, 50)
        })
      }
    },
    close: () => controller.abort(),
  }
}
