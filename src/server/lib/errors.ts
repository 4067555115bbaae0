import type { ContentfulStatusCode } from 'hono/utils/http-status'

/** An error meant for the client: becomes `{error: {code, message, details?}}` with its status. */
export class ApiError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
  }
}

/** 404 with a whole sentence: it must not reveal whether something exists for someone else. */
export const notFound = (message: string) => new ApiError(404, 'not_found', message)
export const forbidden = (message = 'Недостаточно прав для этого действия') =>
  new ApiError(403, 'forbidden', message)
