/**
 * Characters no stored string may hold: NUL (PostgreSQL refuses it in `text`) and a lone UTF-16
 * surrogate (refused in `jsonb`, and mangled to U+FFFD in `text`). Checked once, on every value
 * the API accepts (body, query, path), before any schema sees it.
 */
// eslint-disable-next-line no-control-regex -- finding NUL is the point
const UNSAFE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/

export const isSafeText = (s: string) => !UNSAFE.test(s)

export const UNSAFE_TEXT_MESSAGE =
  'Недопустимый невидимый символ (NUL или неполный символ Юникода) — удалите его'

/**
 * The path of the first string (or object key) holding an unsafe character, or null. Iterative,
 * so a deeply nested body cannot overflow the stack.
 */
export function findUnsafeText(value: unknown): Array<string | number> | null {
  const stack: Array<[unknown, Array<string | number>]> = [[value, []]]
  while (stack.length) {
    const [v, path] = stack.pop()!
    if (typeof v === 'string') {
      if (!isSafeText(v)) return path
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], [...path, i]])
    } else if (v !== null && typeof v === 'object') {
      const entries = Object.entries(v)
      for (const [k] of entries) if (!isSafeText(k)) return [...path, k]
      for (let i = entries.length - 1; i >= 0; i--)
        stack.push([entries[i]![1], [...path, entries[i]![0]]])
    }
  }
  return null
}
