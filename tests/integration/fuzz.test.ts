/**
 * The generated bad-input suite (issue 9): hostile requests to every endpoint of the served
 * OpenAPI document — wrong types, huge and unicode-edge strings, deep nesting, wrong content
 * types, truncated bodies, unknown fields, out-of-range numbers — as each role and anonymously.
 * It asserts that no request gets a 5xx and that no refused request (4xx) changes any post, user,
 * department, audit row, history row or the calendar.
 *
 * Bounded for CI (VIZA_FUZZ_RUNS, default 4000 requests); `npm run fuzz` runs a longer one.
 * VIZA_FUZZ_SEED replays a run. The summary line reports the figures the issue asks for.
 */
import { randomUUID } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { request } from 'node:http'
import { sql } from 'drizzle-orm'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createSession, SESSION_COOKIE } from '../../src/server/auth/sessions'
import { departments } from '../../src/server/db/schema'
import { createUser } from '../../src/server/seed'
import { postIn } from '../setup/flows'
import { startTestServer, TEST_USERS, type TestServer, type UserKey } from '../setup/test-server'

const RUNS = Number(process.env.VIZA_FUZZ_RUNS ?? 4000)
const SEED = process.env.VIZA_FUZZ_SEED ? Number(process.env.VIZA_FUZZ_SEED) : Date.now() % 2 ** 31
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const
type Method = (typeof METHODS)[number]
type Role = UserKey | 'anonymous'
const ROLES: Role[] = ['anonymous', 'editor', 'governor', 'admin', 'deptOwn']

type JsonSchema = Record<string, any>
interface Operation {
  method: Method
  path: string
  body?: JsonSchema
  query: string[]
}

interface Fixtures {
  posts: string[]
  publications: number[]
  users: string[]
  departments: string[]
  media: string[]
}

let t: TestServer
const serverLog: unknown[] = []
const operations: Operation[] = []
let fixtures: Fixtures
const cookies = new Map<Role, string>()

async function signInDirectly(role: UserKey) {
  // Sessions are made in the database, not through /api/session: the fuzzer's own sign-ins
  // must not spend the sign-in limiter it is also attacking.
  const { token } = await createSession(t.server.deps.database.db, t.actors[role].id, new Date())
  cookies.set(role, `${SESSION_COOKIE}=${token}`)
}

beforeAll(async () => {
  t = await startTestServer({
    log: { info() {}, warn() {}, error: (msg, fields) => serverLog.push({ msg, ...fields }) },
  })
  const db = t.server.deps.database.db
  for (const role of ROLES) if (role !== 'anonymous') await signInDirectly(role)
  const states = ['draft', 'awaitingDepartment', 'editing', 'awaitingGovernor', 'approved'] as const
  const posts: string[] = []
  for (const s of states) posts.push((await postIn(t, s)).id)
  const publishing = await postIn(t, 'publishing')
  posts.push(publishing.id)
  const detail = await (await t.client('editor')).get(`/api/posts/${publishing.id}`)
  const victims: string[] = []
  for (const login of ['victim-one', 'victim-two']) {
    victims.push(
      await createUser(
        db,
        {
          login,
          name: 'Жертва',
          role: 'department',
          departmentId: 'health',
          password: 'x'.repeat(12),
        },
        new Date(),
      ),
    )
  }
  await db
    .insert(departments)
    .values({ id: 'fuzz-dep', name: 'Департамент для проверки', shortName: 'Проверка' })
  fixtures = {
    posts,
    publications: detail.body.publications.map((p: { id: number }) => p.id),
    users: victims,
    departments: ['fuzz-dep', 'health'],
    media: [randomUUID()],
  }
  const doc = (await t.anonymous().get('/api/openapi.json')).body
  for (const [path, item] of Object.entries<Record<string, any>>(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method]
      if (!op) continue
      operations.push({
        method,
        path,
        body: resolveRefs(op.requestBody?.content?.['application/json']?.schema, doc),
        query: (op.parameters ?? [])
          .filter((p: { in: string }) => p.in === 'query')
          .map((p: { name: string }) => p.name),
      })
    }
  }
  // Endpoints that exist but are not (yet) in the document are fuzzed too.
  operations.push({ method: 'post', path: '/api/test/clock', query: [], body: undefined })
}, 180_000)
afterAll(() => t?.close())

/** The schema with every `#/components/…` reference replaced by what it names. */
function resolveRefs(schema: unknown, doc: JsonSchema, seen = new Set<string>()): any {
  if (Array.isArray(schema)) return schema.map((s) => resolveRefs(s, doc, seen))
  if (!schema || typeof schema !== 'object') return schema
  const ref = (schema as { $ref?: unknown }).$ref
  if (typeof ref === 'string' && ref.startsWith('#/') && !seen.has(ref)) {
    const target = ref
      .slice(2)
      .split('/')
      .reduce<any>((node, key) => node?.[key.replace(/~1/g, '/').replace(/~0/g, '~')], doc)
    return resolveRefs(target, doc, new Set([...seen, ref]))
  }
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, resolveRefs(v, doc, seen)]))
}

// ---- generators ----

const EDGE_STRINGS = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  '\udfff',
  'x\ud83d',
  '\ude00y',
  '\ufeff',
  '\u202e',
  '\u2028',
  '😀',
  'ё̈́',
  'ﷺ',
  'я'.repeat(5),
  '%00',
  '%ED%A0%80',
  '../../etc/passwd',
  "'; drop table posts;--",
  '<script>alert(1)</script>',
  'javascript:alert(1)',
  'data:text/html,<b>x</b>',
  '\\',
  '"',
  '\n',
  'NaN',
  'Infinity',
  '-1',
  '0',
  '1e309',
  '2147483648',
  '9007199254740993',
  '99999999999999999999',
  'null',
  'true',
  '{}',
  '[]',
  '2026-02-30',
  '9999-99-99',
  '2026-12-01T10:00:00+05:00',
  '0000-01-01T00:00:00Z',
  '275760-09-13T00:00:00Z',
  '25:61',
  'health',
  'editor',
  'governor',
]

const utf16Unit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c))
const hugeString = fc
  .tuple(
    fc.constantFrom('я', 'a', '[', '\u0000', '😀', '*', '_'),
    fc.integer({ min: 1, max: 140_000 }),
  )
  .map(([c, n]) => c.repeat(n))

const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: fc.constantFrom(...EDGE_STRINGS) },
  { weight: 3, arbitrary: fc.string({ unit: utf16Unit, maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: hugeString },
)

const hostileNumber = fc.oneof(
  fc.constantFrom(
    -1,
    0,
    -0,
    0.5,
    1e-300,
    2 ** 31,
    2 ** 31 - 1,
    2 ** 53,
    2 ** 53 + 2,
    1e308,
    -1e308,
    Number.MAX_SAFE_INTEGER,
    Number.MIN_SAFE_INTEGER,
  ),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
)

const deep = (depth: number): unknown => {
  let v: unknown = 'x'
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { a: v }
  return v
}

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileString },
  { weight: 3, arbitrary: hostileNumber },
  { weight: 1, arbitrary: fc.constantFrom(null, true, false, [], {}) },
  { weight: 1, arbitrary: fc.integer({ min: 10, max: 3000 }).map(deep) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
)

/** A value shaped like the schema wants (the start of most mutations), recursively. */
function fromSchema(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 8) return hostileValue
  if (schema.const !== undefined) return fc.constant(schema.const)
  if (schema.enum) return fc.constantFrom(...schema.enum)
  if (schema.allOf) {
    return fc
      .tuple(...schema.allOf.map((s: JsonSchema) => fromSchema(s, depth + 1)))
      .map((parts) => Object.assign({}, ...parts.filter((p) => p && typeof p === 'object')))
  }
  const alternatives = schema.oneOf ?? schema.anyOf
  if (alternatives)
    return fc.oneof(...alternatives.map((s: JsonSchema) => fromSchema(s, depth + 1)))
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  switch (type) {
    case 'object': {
      const props = Object.entries<JsonSchema>(schema.properties ?? {})
      const required = new Set<string>(schema.required ?? [])
      const shape: Record<string, fc.Arbitrary<unknown>> = {}
      for (const [k, s] of props) shape[k] = fromSchema(s, depth + 1)
      return fc.record(shape, {
        requiredKeys: props.map(([k]) => k).filter((k) => required.has(k)),
      })
    }
    case 'array': {
      const min = schema.minItems ?? 0
      const max = Math.min(schema.maxItems ?? 5, Math.max(min, 5))
      return fc.array(fromSchema(schema.items, depth + 1), { minLength: min, maxLength: max })
    }
    case 'string': {
      if (schema.format === 'date-time')
        return fc
          .date({ min: new Date('2020-01-01'), max: new Date('2030-01-01'), noInvalidDate: true })
          .map((d) => d.toISOString())
      if (schema.format === 'uuid') return fc.uuid()
      if (schema.format === 'uri') return fc.webUrl()
      if (schema.pattern) {
        try {
          return fc.stringMatching(new RegExp(schema.pattern))
        } catch {
          /* a pattern fast-check cannot read: fall through */
        }
      }
      const min = schema.minLength ?? 0
      const max = Math.min(schema.maxLength ?? 30, min + 30)
      return fc.string({ minLength: min, maxLength: max })
    }
    case 'integer':
      return fc.integer({
        min: Math.max(schema.minimum ?? -1000, -1e6),
        max: Math.min(schema.maximum ?? 1000, 1e6),
      })
    case 'number':
      return fc.double({
        min: schema.minimum ?? -1000,
        max: Math.min(schema.maximum ?? 1000, 1e6),
        noNaN: true,
      })
    case 'boolean':
      return fc.boolean()
    case 'null':
      return fc.constant(null)
    default:
      return hostileValue
  }
}

/** Replaces one leaf (or adds a field) somewhere in a value with something hostile. */
function mutate(value: unknown, choice: number, replacement: unknown, key: string): unknown {
  if (value === null || typeof value !== 'object') return replacement
  const entries = Array.isArray(value)
    ? value.map((v, i) => [i, v] as const)
    : Object.entries(value)
  if (entries.length === 0 || choice % 5 === 0) {
    return Array.isArray(value) ? [...value, replacement] : { ...value, [key]: replacement }
  }
  const [k, child] = entries[choice % entries.length]!
  const copy: any = Array.isArray(value) ? [...value] : { ...value }
  copy[k] = mutate(child, Math.floor(choice / 7), replacement, key)
  return copy
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=utf-16',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/jsonx',
  '',
]

interface FuzzRequest {
  role: Role
  method: string
  path: string
  query: string
  body?: string | Buffer
  contentType?: string
  headers: Record<string, string>
  kind: string
}

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
)
const BOUNDARY = 'vizaFuzzBoundary'

/** An image upload as a browser would send it, with hostile names, versions and bytes. */
const multipartBody = fc
  .record({
    name: fc.oneof(
      hostileString.filter((n) => n.length < 2000),
      fc.constantFrom('photo.png', 'a"b.png', '..\\..\\x.png'),
    ),
    version: fc.oneof(
      fc.constantFrom('1', '2', '0', '-1', '1e400', ''),
      hostileString.filter((v) => v.length < 100),
    ),
    bytes: fc.oneof(
      fc.constant(PNG),
      fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.from(a)),
      fc.constant(Buffer.alloc(0)),
    ),
    withFile: fc.boolean(),
  })
  .map(({ name, version, bytes, withFile }) => ({
    body: Buffer.concat([
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="expectedVersion"\r\n\r\n${version}\r\n`,
      ),
      withFile
        ? Buffer.concat([
            Buffer.from(
              `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: image/png\r\n\r\n`,
            ),
            bytes,
            Buffer.from('\r\n'),
          ])
        : Buffer.alloc(0),
      Buffer.from(`--${BOUNDARY}--\r\n`),
    ]),
    contentType: `multipart/form-data; boundary=${BOUNDARY}`,
    kind: 'multipart',
  }))

function pathValue(param: string, path: string): fc.Arbitrary<string> {
  const real =
    param === 'pid'
      ? fixtures.publications.map(String)
      : path.startsWith('/api/admin/users')
        ? fixtures.users
        : path.startsWith('/api/admin/departments')
          ? fixtures.departments
          : path.startsWith('/api/media')
            ? fixtures.media
            : fixtures.posts
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...real) },
    {
      weight: 2,
      arbitrary: hostileString.filter((s) => s.length < 5000).map((s) => encodePathish(s)),
    },
    {
      weight: 1,
      arbitrary: fc.constantFrom('0', '-1', '2147483648', '1e400', '%00', '..', '%2e%2e'),
    },
  )
}

/** Percent-encodes for a URL, writing lone surrogates as the invalid bytes a careless client would. */
function encodePathish(s: string): string {
  return Array.from(s, (ch) => {
    const u = ch.charCodeAt(0)
    if (ch.length === 1 && u >= 0xd800 && u <= 0xdfff)
      return [0xe0 | (u >> 12), 0x80 | ((u >> 6) & 0x3f), 0x80 | (u & 0x3f)]
        .map((b) => `%${b.toString(16).toUpperCase()}`)
        .join('')
    return encodeURIComponent(ch)
  }).join('')
}

function requestFor(op: Operation): fc.Arbitrary<FuzzRequest> {
  const params = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!)
  const pathArb = fc.tuple(...params.map((p) => pathValue(p, op.path))).map((values) => {
    let i = 0
    return op.path.replace(/\{\w+\}/g, () => values[i++]!)
  })
  const queryArb = fc
    .array(
      fc.tuple(
        fc.oneof(
          fc.constantFrom(...(op.query.length ? op.query : ['x'])),
          fc.constantFrom('lastEventId', 'unknown'),
        ),
        fc.oneof(
          hostileString.filter((s) => s.length < 3000),
          fc.constantFrom('1', '0', 'true', ''),
        ),
      ),
      { maxLength: 4 },
    )
    .map((pairs) =>
      pairs.length ? '?' + pairs.map(([k, v]) => `${k}=${encodePathish(v)}`).join('&') : '',
    )
  const valid = fromSchema(op.body)
  const bodyArb: fc.Arbitrary<{ body?: string | Buffer; contentType?: string; kind: string }> =
    fc.oneof(
      { weight: /\/media$/.test(op.path) ? 8 : 1, arbitrary: multipartBody },
      {
        weight: 4,
        arbitrary: fc
          .tuple(
            valid,
            fc.nat(),
            hostileValue,
            fc.constantFrom('unknownField', '__proto__', 'actor', 'constructor'),
          )
          .map(([v, choice, bad, key]) => ({
            body: JSON.stringify(mutate(v, choice, bad, key)),
            contentType: 'application/json',
            kind: 'schema-mutant',
          })),
      },
      {
        weight: 2,
        arbitrary: valid.map((v) => ({
          body: JSON.stringify(v),
          contentType: 'application/json',
          kind: 'schema-shaped',
        })),
      },
      {
        weight: 1,
        arbitrary: hostileValue.map((v) => ({
          body: JSON.stringify(v) ?? 'null',
          contentType: 'application/json',
          kind: 'any-json',
        })),
      },
      {
        weight: 1,
        arbitrary: fc.tuple(valid, fc.nat()).map(([v, cut]) => {
          const s = JSON.stringify(v) ?? ''
          return {
            body: s.slice(0, cut % Math.max(1, s.length)),
            contentType: 'application/json',
            kind: 'truncated',
          }
        }),
      },
      {
        weight: 1,
        arbitrary: fc
          .tuple(fc.constantFrom('[', '{"a":', '[{"b":'), fc.integer({ min: 100, max: 60_000 }))
          .map(([open, n]) => ({
            body: open.repeat(n),
            contentType: 'application/json',
            kind: 'deep-raw',
          })),
      },
      {
        weight: 1,
        arbitrary: fc.tuple(valid, fc.constantFrom(...CONTENT_TYPES)).map(([v, type]) => ({
          body: JSON.stringify(v) ?? '',
          contentType: type,
          kind: 'content-type',
        })),
      },
      { weight: 1, arbitrary: fc.constant({ kind: 'no-body' }) },
    )
  // Mostly a plain same-origin request (so the body reaches validation); sometimes odd headers.
  const headersArb = fc.oneof(
    { weight: 6, arbitrary: fc.constant({}) },
    {
      weight: 1,
      arbitrary: fc.record(
        {
          origin: fc.constantFrom('https://evil.example', 'null', 'http://127.0.0.1', 'not a url'),
          host: fc.constantFrom('evil.example', 'localhost', '127.0.0.1:1', ''),
          'last-event-id': fc.constantFrom('0', '-1', '99999999999999999999', 'abc', '1'),
          'x-forwarded-for': fc.constantFrom('1.2.3.4', 'garbage', '::1, 10.0.0.1', ''),
          'x-request-id': fc
            .string({ unit: 'binary-ascii', maxLength: 100 })
            .map((s) => s.replace(/[^\x20-\x7e]/g, '')),
        },
        { requiredKeys: [] },
      ),
    },
  )
  return fc
    .record({
      role: fc.constantFrom(...ROLES),
      path: pathArb,
      query: queryArb,
      body: bodyArb,
      headers: headersArb,
      wrongMethod: fc.nat(30),
    })
    .map(({ role, path, query, body, headers, wrongMethod }) => ({
      role,
      method: wrongMethod === 0 ? 'PUT' : op.method.toUpperCase(),
      path,
      query,
      body: op.method === 'get' ? undefined : body.body,
      contentType: op.method === 'get' ? undefined : body.contentType,
      headers,
      kind: op.method === 'get' ? 'query' : body.kind,
    }))
}

// ---- state ----

async function fingerprint(): Promise<string> {
  const r = await t.server.deps.database.db.execute(sql`select
    (select count(*) from audit_log)::text as audits,
    (select count(*) from post_history)::text as history,
    (select coalesce(md5(string_agg(p.id || ':' || p.version || ':' || p.state || ':' || md5(p.context::text) || ':' || p.title, ',' order by p.id)), '') from posts p) as posts,
    (select coalesce(md5(string_agg(u::text, ',' order by u.id)), '') from users u) as users,
    (select coalesce(md5(string_agg(d::text, ',' order by d.id)), '') from departments d) as deps,
    (select coalesce(max(revision), 0)::text from calendar_settings) as calendar,
    (select count(*) from media)::text as media,
    (select coalesce(md5(string_agg(c.id || ':' || c.version || ':' || c.state || ':' || md5(c.context::text), ',' order by c.id)), '') from comments c) as comments,
    (select count(*) from comment_history)::text as comment_history,
    (select count(*) from inbound_events)::text as inbound_events`)
  return JSON.stringify((r as unknown as { rows: unknown[] }).rows[0])
}

/**
 * One request on its own connection (node:http, no keep-alive): a connection the server closed
 * after a 413 is never reused, and the Host header can be set like any other.
 */
function send(req: FuzzRequest): Promise<number> {
  const base = new URL(t.url)
  const cookie = req.role === 'anonymous' ? undefined : cookies.get(req.role)
  const headers: Record<string, string> = {
    ...req.headers,
    ...(cookie ? { cookie } : {}),
    ...(req.contentType ? { 'content-type': req.contentType } : {}),
  }
  if (headers.host === '') delete headers.host
  const body = req.body === undefined ? undefined : Buffer.from(req.body)
  if (req.kind === 'multipart' && !('origin' in headers)) headers['x-viza-upload'] = '1'
  return new Promise((resolve, reject) => {
    let settled = false
    const done = (status: number) => {
      if (!settled) resolve(status)
      settled = true
    }
    const r = request(
      {
        host: base.hostname,
        port: base.port,
        method: req.method,
        path: req.path + req.query,
        headers: body ? { ...headers, 'content-length': String(body.length) } : headers,
        agent: false,
        timeout: 20_000,
      },
      (res) => {
        const status = res.statusCode ?? 0
        // A live stream that opened is not read to its end.
        if (String(res.headers['content-type']).startsWith('text/event-stream')) {
          res.destroy()
          return done(status)
        }
        res.on('error', () => done(status))
        res.on('end', () => done(status))
        res.resume()
      },
    )
    r.on('timeout', () => r.destroy(new Error('timed out')))
    r.on('error', (e) => {
      // Over the body limit the server may answer 413 and close before the body is written.
      if (body && body.length > 256 * 1024) return done(413)
      if (!settled) reject(new Error(`${e.message} on ${req.method} ${req.path}`, { cause: e }))
      settled = true
    })
    r.end(body)
  })
}

describe('generated hostile requests to every endpoint of the OpenAPI document', () => {
  it(
    `${RUNS} requests: no 5xx, and no refused request changes anything`,
    async () => {
      expect(operations.length).toBeGreaterThan(20)
      const arb = fc.oneof(...operations.map(requestFor))
      // VIZA_FUZZ_ONLY (a regular expression on "METHOD /path") replays part of a run.
      const only = process.env.VIZA_FUZZ_ONLY ? new RegExp(process.env.VIZA_FUZZ_ONLY) : null
      const requests = fc
        .sample(arb, { numRuns: RUNS, seed: SEED })
        .filter((r) => !only || only.test(`${r.method} ${r.path}`))
      const serverErrors: string[] = []
      const failures: unknown[] = []
      const changedOnRefusal: string[] = []
      const statuses = new Map<number, number>()
      let before = await fingerprint()
      const started = Date.now()
      for (const req of requests) {
        const status = await send(req)
        statuses.set(status, (statuses.get(status) ?? 0) + 1)
        const describe = `${req.role} ${req.method} ${req.path.slice(0, 120)}${req.query.slice(0, 80)} [${req.kind}, ${req.contentType ?? '-'}] ${String(req.body ?? '').slice(0, 160)}`
        if (status >= 500) {
          serverErrors.push(`${status} ${describe}`)
          failures.push({ status, request: { ...req, body: String(req.body ?? '') } })
        }
        const after = await fingerprint()
        if (status >= 400 && after !== before) {
          changedOnRefusal.push(`${status} ${describe}`)
          failures.push({
            status,
            changed: true,
            request: { ...req, body: String(req.body ?? '') },
          })
        }
        before = after
        // A request that signed someone out (or changed their sessions) is followed by a new session.
        if (status < 400 && /session|\/users\//.test(req.path) && req.role !== 'anonymous') {
          for (const role of ROLES) if (role !== 'anonymous') await signInDirectly(role)
        }
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(1)
      const refused = [...statuses].filter(([s]) => s >= 400).reduce((n, [, c]) => n + c, 0)
      console.info(
        `fuzz: seed ${SEED}, ${requests.length} requests over ${operations.length} operations in ${seconds} s; ` +
          `refused ${refused}; 5xx ${serverErrors.length}; refused-but-changed ${changedOnRefusal.length}; ` +
          `statuses ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`,
      )
      if (failures.length) {
        // Whole requests, to replay by hand; and what the server logged (class and code only).
        mkdirSync('test-results', { recursive: true })
        writeFileSync(
          'test-results/fuzz-failures.json',
          JSON.stringify({ seed: SEED, failures, serverLog }, null, 1),
        )
      }
      expect(serverErrors).toEqual([])
      expect(changedOnRefusal).toEqual([])
    },
    30 * 60_000,
  )
})

// The roles the fuzzer signs in as must exist (a check that the fixtures are what we think).
it('fuzzes as every role of the test server', () => {
  expect(Object.keys(TEST_USERS)).toEqual(
    expect.arrayContaining(['editor', 'governor', 'admin', 'deptOwn']),
  )
})
