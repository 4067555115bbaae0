import type { ApiErrorBody } from '../../shared/api/contract'
import { setServerSkew } from './clock'

/** An HTTP error from our API, with the server's readable message. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
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

export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const form = body instanceof FormData
  let res: Response
  try {
    res = await fetch(new URL(`/api${path}`, window.location.origin), {
      method,
      credentials: 'same-origin',
      // multipart uploads carry a custom header: the server's CSRF guard asks for it
      headers: form
        ? { 'x-viza-upload': '1' }
        : body === undefined
          ? {}
          : { 'content-type': 'application/json' },
      body: form ? body : body === undefined ? undefined : JSON.stringify(body),
    })
  } catch {
    report(false)
    throw new NetworkError()
  }
  report(true)
  const serverTime = res.headers.get('x-server-time')
  if (serverTime) setServerSkew(Date.parse(serverTime) - Date.now())
  const text = await res.text()
  const data = text ? safeJson(text) : null
  if (!res.ok) {
    const err = (data as ApiErrorBody | null)?.error
    throw new ApiError(
      res.status,
      err?.code ?? 'http_error',
      err?.message ?? `Ошибка сервера (${res.status})`,
      err?.details,
    )
  }
  return data as T
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

export const get = <T>(path: string) => api<T>('GET', path)
export const post = <T>(path: string, body?: unknown) => api<T>('POST', path, body ?? {})
