/** Structured logs: one JSON object per line. Never pass passwords or tokens here. */
export interface Logger {
  info(msg: string, fields?: Record<string, unknown>): void
  warn(msg: string, fields?: Record<string, unknown>): void
  error(msg: string, fields?: Record<string, unknown>): void
}

export function jsonLogger(
  write: (line: string) => void = (l) => process.stdout.write(l + '\n'),
): Logger {
  const emit = (level: string) => (msg: string, fields?: Record<string, unknown>) =>
    write(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }))
  return { info: emit('info'), warn: emit('warn'), error: emit('error') }
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} }

/**
 * What may be logged about an unexpected error: its class and code (a database error's
 * SQLSTATE), never its message — a failed query's message carries the query's parameters
 * (password hashes, post texts).
 */
export function errorFields(err: unknown): { errorClass: string; code?: string } {
  const e = err as { constructor?: { name?: string }; code?: unknown; cause?: unknown }
  const cause = e?.cause as { code?: unknown; constructor?: { name?: string } } | undefined
  const code =
    typeof e?.code === 'string' ? e.code : typeof cause?.code === 'string' ? cause.code : undefined
  const errorClass = e?.constructor?.name ?? typeof err
  return code === undefined ? { errorClass } : { errorClass, code }
}
