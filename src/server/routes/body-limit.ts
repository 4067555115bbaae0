import type { Context, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'

/**
 * The size limit of a request's body, judged on the length it declares. Hono's `bodyLimit`
 * first asks for `c.req.raw.body`, and on @hono/node-server that turns the lightweight request
 * into a full web Request around the socket (undici's Request, an AbortSignal, a web stream):
 * for every request, GETs included, about a sixth of the server's thread per event in
 * `npm run bench:api`. The declared length keeps the lightweight request, whose `json()` reads
 * the socket directly; Node's parser never reads past that length. A body of undeclared length
 * (chunked) still goes through Hono's, which counts as it reads.
 */
export function bodySizeLimit(
  maxSize: number,
  onError: (c: Context) => Response | Promise<Response>,
): MiddlewareHandler {
  const counting = bodyLimit({ maxSize, onError })
  return async (c, next) => {
    if (c.req.header('transfer-encoding') !== undefined) return counting(c, next)
    const length = c.req.header('content-length')
    // Neither header: HTTP says there is no body.
    if (length !== undefined && Number(length) > maxSize) return onError(c)
    return next()
  }
}
