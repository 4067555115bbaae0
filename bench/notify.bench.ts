// Notification fan-out: one new request to a department with N contacts (default 1,000), each
// reachable by e-mail, Telegram and Web Push (emulated senders with a fixed 5 ms round trip),
// plus the in-app notification. Measures, from the moment the event is committed, the time to
// the last delivery and the outside-channel messages per second; the baseline is the same run
// with 10 contacts. Embedded database by default; DATABASE_URL runs it on PostgreSQL.
// `npm run bench:notify -- 2000`. Prints figures only.
import { randomUUID } from 'node:crypto'
import { and, count, eq } from 'drizzle-orm'
import { openDatabase } from '../src/server/db/client'
import {
  messengerLinks,
  notificationDeliveries,
  pushSubscriptions,
  users,
} from '../src/server/db/schema'
import { silentLogger } from '../src/server/lib/log'
import type { Sender } from '../src/server/notifications/sender'
import { openServices } from '../src/server/server'

const N = Number(process.argv[2] ?? 1000)
const LATENCY_MS = 5

const emulated = (channel: Sender['channel'], reaches: Sender['reaches']): Sender => ({
  channel,
  reaches,
  send: () => new Promise((r) => setTimeout(() => r({ ok: true }), LATENCY_MS)),
})

async function measure(contacts: number) {
  const database = await openDatabase(
    process.env.DATABASE_URL ? { databaseUrl: process.env.DATABASE_URL } : { dataDir: 'memory://' },
  )
  const db = database.db
  const run = randomUUID().slice(0, 8) // a PostgreSQL database may already hold a run
  const services = await openServices(database, {
    demo: false,
    log: silentLogger,
    notify: {
      quietHours: false,
      intervalMs: 3_600_000,
      senders: [
        emulated('email', (r) => !!r.email),
        emulated('telegram', (r) => !!r.chats.telegram),
        emulated('push', (r) => r.push.length > 0),
      ],
    },
  })
  const now = new Date()
  const editorId = randomUUID()
  await db.insert(users).values({
    id: editorId,
    login: `bench-editor-${run}`,
    name: 'Редактор',
    role: 'editor',
    passwordHash: 'x',
    createdAt: now,
  })
  const ids = Array.from({ length: contacts }, () => randomUUID())
  for (let i = 0; i < ids.length; i += 500) {
    const part = ids.slice(i, i + 500)
    await db.insert(users).values(
      part.map((id, j) => ({
        id,
        login: `bench-${run}-${i + j}`,
        name: `Контакт ${i + j}`,
        role: 'department' as const,
        departmentId: 'health',
        email: `c${i + j}@example.ru`,
        passwordHash: 'x',
        createdAt: now,
      })),
    )
    await db.insert(messengerLinks).values(
      part.map((userId, j) => ({
        userId,
        messenger: 'telegram' as const,
        chatId: `${run}-${i + j}`,
        linkedAt: now,
      })),
    )
    await db.insert(pushSubscriptions).values(
      part.map((userId, j) => ({
        userId,
        endpoint: `https://push.example.test/${run}/${i + j}`,
        p256dh: 'B'.repeat(87),
        auth: 'A'.repeat(22),
        createdAt: now,
      })),
    )
  }
  const editor = { id: editorId, role: 'editor' as const }
  const post = await services.posts.create(
    editor,
    {
      title: 'Замер',
      brief: 'Замер',
      departmentId: 'health',
      urgent: true,
      channels: ['telegram'],
    },
    now,
  )
  const t0 = performance.now()
  await services.posts.applyEvent(editor, post.id, { type: 'SEND_REQUEST' }, post.version, now)
  const committed = performance.now()
  await services.notifications.worker.pass()
  const done = performance.now()
  const [sent] = await db
    .select({ n: count() })
    .from(notificationDeliveries)
    .where(
      and(eq(notificationDeliveries.postId, post.id), eq(notificationDeliveries.state, 'sent')),
    )
  await services.notifications.worker.close()
  await database.close()
  const outside = contacts * 3
  return {
    contacts,
    deliveries: sent!.n,
    eventMs: committed - t0,
    lastDeliveryMs: done - committed,
    perSecond: outside / ((done - committed) / 1000),
  }
}

const fmt = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 0 })
console.log(
  `notify fan-out (${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}; e-mail, Telegram, push emulated at ${LATENCY_MS} ms; plus in-app)`,
)
for (const contacts of [10, N]) {
  const r = await measure(contacts)
  console.log(
    `  ${fmt(r.contacts).padStart(6)} contacts: ${fmt(r.deliveries)} deliveries (in-app + 3 channels); event committed in ${r.eventMs.toFixed(1)} ms; last delivery ${fmt(r.lastDeliveryMs)} ms after commit; ${fmt(r.perSecond)} outside messages/s`,
  )
}
