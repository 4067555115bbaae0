/**
 * The MSW MAX emulator (src/mocks/channels.ts) served over HTTP for the browser tests: the
 * server under test talks to it as `VIZA_NOTIFY_MAX_API`, and tests act as a person in MAX
 * through `/_test/…` (start the bot with a payload, read the bot's direct messages). Each spec
 * file's server has its own (tests/e2e/fixtures.ts), so no other server reads its updates.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getResponse } from 'msw'
import { createChannelEmulator } from '../../src/mocks/channels'

const MAX = 'https://platform-api2.max.ru'

export async function startMaxEmulator(): Promise<{ url: string; close(): Promise<void> }> {
  const emulator = createChannelEmulator()
  let port = 0
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', `http://127.0.0.1:${port}`)
        const test = url.pathname.match(/^\/_test\/users\/(\d+)\/(start|block)$/)
        if (test && req.method === 'POST') {
          const person = emulator.maxUser(test[1]!)
          if (test[2] === 'start') person.start(url.searchParams.get('payload') ?? undefined)
          else person.block()
          res.writeHead(204).end()
          return
        }
        if (url.pathname === '/_test/direct') {
          res.writeHead(200, { 'content-type': 'application/json' })
          res.end(JSON.stringify(emulator.maxDirect))
          return
        }
        if (url.pathname === '/health') {
          res.writeHead(200).end('ok')
          return
        }
        const abort = new AbortController()
        res.on('close', () => abort.abort())
        const headers = new Headers()
        for (const [k, v] of Object.entries(req.headers))
          if (typeof v === 'string') headers.set(k, v)
        const body = chunks.length ? Buffer.concat(chunks) : undefined
        const request = new Request(`${MAX}${url.pathname}${url.search}`, {
          method: req.method,
          headers,
          body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
          signal: abort.signal,
        })
        const answer = await getResponse(emulator.handlers, request)
        if (!answer) {
          res.writeHead(404, { 'content-type': 'application/json' })
          res.end(JSON.stringify({ code: 'not.found', message: 'Not emulated' }))
          return
        }
        res.writeHead(answer.status, Object.fromEntries(answer.headers))
        res.end(Buffer.from(await answer.arrayBuffer()))
      })().catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500)
        res.end(String(e))
      })
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
