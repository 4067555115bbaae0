import { hc, type ClientResponse } from 'hono/client'
import type { ApiType } from '../../server/api'
import type { PostDetailDto } from '../../shared/api/contract'
import { setServerSkew } from './clock'

/** An HTTP error from our API, with the server's readable message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** A 409 on a post: the post as it is now (the screen shows both texts). */
    readonly currentPost?: PostDetailDto,
  ) {
    super(message)
  }
}

/** A request that never reached the server: the connection banner takes it from here. */
export class NetworkError extends Error {
  constructor() {
    super('Нет связи с сервером. Проверьте подключение — мы повторим автоматически.')
  }
}

const listeners = new Set<(online: boolean) => void>()
export function onConnectivity(fn: (online: boolean) => void) {
  listeners.add(fn)
  return () => listeners.delete(fn)
}
const report = (online: boolean) => listeners.forEach((l) => l(online))

/** Every request of the app: same-origin, and it tells whether the server was reached. */
async function send(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  let res: Response
  try {
    res = await fetch(input, {
      ...init,
      credentials: 'same-origin',
    })
  } catch {
    report(false)
    throw new NetworkError()
  }
  report(true)
  const serverTime = res.headers.get('x-server-time')
  if (serverTime) setServerSkew(Date.parse(serverTime) - Date.now())
  return res
}

/**
 * The typed client: paths, parameters, bodies and answers come from the server's declared
 * routes (`src/server/api.ts`), so a call that does not match the API does not compile.
 */
export const client = hc<ApiType>(new URL('/api', window.location.origin).href, { fetch: send })

/** What a call answers when it succeeds (2xx), as the route declares it. */
export type Answer<R> =
  R extends ClientResponse<infer T, infer S, infer _F>
    ? S extends 200 | 201 | 202 | 203 | 204 | 205 | 206
      ? T
      : never
    : never

/**
 * Waits for a typed call: its declared success body, or an `ApiError` with the server's
 * message in Russian (or `NetworkError` when the server was not reached).
 */
export async function read<R extends ClientResponse<unknown, number, string>>(
  call: Promise<R>,
): Promise<Answer<R>> {
  const res = await call
  const text = await res.text()
  const data: unknown = text ? safeJson(text) : null
  if (!res.ok) throw apiError(res.status, data)
  // The server declared this body for this status (its handler is type-checked against it).
  return data as Answer<R>
}

function apiError(status: number, data: unknown): ApiError {
  const error = isRecord(data) && isRecord(data.error) ? data.error : null
  const details = error?.details
  const current = isRecord(details) && isRecord(details.post) ? details.post : undefined
  return new ApiError(
    status,
    typeof error?.code === 'string' ? error.code : 'http_error',
    typeof error?.message === 'string' ? error.message : `Ошибка сервера (${status})`,
    details,
    // the Conflict body of a post route (see `conflictBodySchema`)
    status === 409 ? (current as PostDetailDto | undefined) : undefined,
  )
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}
