/**
 * Every answer the integration tests receive through `ApiClient` is checked against what the
 * route declares in the OpenAPI document: a 2xx must be a declared status whose JSON body
 * parses with the declared schema, and a 4xx body must be the error body. So the document (and
 * the browser's typed client, which trusts it) cannot claim what the server does not send.
 */
import type { ZodType } from 'zod'
import { apiRoutes } from '../../src/server/api'
import { errorBodySchema } from '../../src/shared/api/responses'

interface Declared {
  method: string
  pattern: RegExp
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>
}

const declared: Declared[] = apiRoutes.openAPIRegistry.definitions.flatMap((d) =>
  d.type === 'route'
    ? [
        {
          method: d.route.method.toUpperCase(),
          pattern: new RegExp(`^/api${d.route.path.replace(/\{\w+\}/g, '[^/]+')}$`),
          responses: d.route.responses as Declared['responses'],
        },
      ]
    : [],
)

const isZod = (s: unknown): s is ZodType =>
  typeof s === 'object' && s !== null && typeof (s as ZodType).safeParse === 'function'

/** A sentence saying how the answer differs from the declaration, or null when it matches. */
export function undeclaredAnswer(
  method: string,
  url: string,
  status: number,
  contentType: string,
  body: unknown,
): string | null {
  const path = url.split('?')[0]!
  const route = declared.find((r) => r.method === method && r.pattern.test(path))
  if (!route || !contentType.startsWith('application/json')) return null
  const where = `${method} ${path} → ${status}`
  if (status >= 400 && status < 500) {
    const r = errorBodySchema.safeParse(body)
    return r.success ? null : `${where}: not the error body: ${r.error.message}`
  }
  if (status < 200 || status >= 300) return null
  const response = route.responses[String(status)]
  if (!response) return `${where}: status not declared`
  const schema = response.content?.['application/json']?.schema
  if (!isZod(schema)) return `${where}: no JSON schema declared`
  const r = schema.safeParse(body)
  return r.success ? null : `${where}: body does not match its schema: ${r.error.message}`
}
