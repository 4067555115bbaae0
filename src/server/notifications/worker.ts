import { and, asc, eq, inArray, isNull, or, sql } from 'drizzle-orm'
import { notificationMessage } from '../../domain/notifications/messages'
import type { Audience, NotificationFacts } from '../../domain/notifications/rules'
import type { Db, Tx } from '../db/client'
import {
  departments,
  notificationDeliveries,
  notificationOutbox,
  messengerLinks,
  notificationSettings,
  pushSubscriptions,
  users,
} from '../db/schema'
import { planDelivery, type OutsideChannel } from '../../domain/notifications/preferences'
import type { Clock } from '../lib/clock'
import { errorFields, type Logger } from '../lib/log'
import { MAX_ATTEMPTS, retryDelayMs, type Recipient, type Sender } from './sender'
import { NOTIFICATIONS_CHANNEL } from './signals'

type DeliveryRow = typeof notificationDeliveries.$inferSelect
type UserRow = typeof users.$inferSelect

/** How long a claimed row is ours; past it (a crash mid-send) another pass takes it again. */
const LEASE_MS = 2 * 60_000
const BATCH = 50
/**
 * Sends in flight at once. A claim does not wait for the sends it started: a push service that
 * does not answer holds only its own deliveries, never the next one claimed (bench:push).
 */
const MAX_IN_FLIGHT = 200

export interface WorkerOptions {
  /** `VIZA_PUBLIC_URL`, or the server's own address: links in messages start with it. */
  publicUrl: string
  intervalMs?: number
  /** False with `VIZA_NOTIFY_QUIET_HOURS=off`. */
  quietHours?: boolean
}

/**
 * Delivers the outbox (issue 13). Two steps, each safe to repeat and to run in several
 * processes at once:
 *
 * 1. **Expand**: claim unexpanded outbox rows (FOR UPDATE SKIP LOCKED), resolve recipients by
 *    role, department and requester (never the person who acted), render the Russian text,
 *    insert one delivery per (row, person, channel) under a unique key, mark the row expanded —
 *    one transaction. In-app deliveries are the notification itself: sent on creation, and the
 *    same transaction NOTIFYs the SSE streams.
 * 2. **Deliver**: claim due deliveries (SKIP LOCKED, with a lease), send outside any
 *    transaction, record the outcome: sent; retry with backoff; or failed, shown to the admin.
 *    A crash after sending and before recording sends again after the lease (at least once).
 *
 * The two run as separate loops: a push service that does not answer holds up delivery for at
 * most the sender's deadline, never the expansion that rings everyone else's in-app bell.
 */
export class NotificationWorker {
  private timer: NodeJS.Timeout | null = null
  private stopped = true
  private readonly senders: Map<string, Sender>
  /** Expansion and delivery run apart: a slow push service never holds up the in-app bell. */
  private readonly expansions = new Repeating(() => this.expand())
  private readonly deliveries = new Repeating(() => this.deliver())
  private readonly inFlight = new Set<Promise<void>>()

  constructor(
    private readonly db: Db,
    senders: readonly Sender[],
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly options: WorkerOptions,
  ) {
    this.senders = new Map(senders.map((s) => [s.channel, s]))
  }

  get channels(): Array<OutsideChannel> {
    return [...this.senders.keys()] as Array<OutsideChannel>
  }

  get quietHoursOn(): boolean {
    return this.options.quietHours !== false
  }

  /** Whether this channel reaches this person now (an address, a linked chat, a subscription). */
  async reaches(
    channel: OutsideChannel,
    person: { id: string; name: string; email: string | null },
  ) {
    const sender = this.senders.get(channel)
    return !!sender && sender.reaches(recipientOf(person, await chatsOf(this.db, [person.id])))
  }

  start() {
    this.stopped = false
    this.timer = setInterval(() => this.poke(), this.options.intervalMs ?? 5_000)
    this.timer.unref()
    this.poke()
  }

  /** Something may be waiting (a post event, a reminder): run a pass soon. */
  poke() {
    if (!this.stopped) void this.pass()
  }

  /**
   * Expands everything queued, then delivers everything due, and resolves when those sends are
   * done. The two are separate loops, each shared by concurrent calls: an expansion starts at
   * once even while a delivery waits for a push service, and a new delivery is claimed and sent
   * while earlier sends still wait.
   */
  async pass(): Promise<void> {
    await this.expansions.run(this.log)
    await this.deliveries.run(this.log)
    await this.sendsDone()
  }

  private async sendsDone() {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight])
  }

  /** Stops waking up; `close` also closes the senders (SMTP connections, the bot). */
  async stop() {
    this.stopped = true
    if (this.timer) clearInterval(this.timer)
    await Promise.all([this.expansions.idle(), this.deliveries.idle()])
    await this.sendsDone()
  }

  async close() {
    await this.stop()
    for (const s of this.senders.values()) await s.close?.()
  }

  /** Expands up to one batch of outbox rows; returns how many. */
  async expand(): Promise<number> {
    const now = this.clock.now()
    return this.db.transaction(async (tx) => {
      const rows = await tx
        .select()
        .from(notificationOutbox)
        .where(isNull(notificationOutbox.expandedAt))
        .orderBy(asc(notificationOutbox.id))
        .limit(BATCH)
        .for('update', { skipLocked: true })
      if (!rows.length) return 0
      const notified = new Set<string>()
      for (const row of rows) {
        for (const id of await this.expandOne(tx, row.id, row.facts, now)) notified.add(id)
      }
      await tx
        .update(notificationOutbox)
        .set({ expandedAt: now })
        .where(
          inArray(
            notificationOutbox.id,
            rows.map((r) => r.id),
          ),
        )
      if (notified.size) {
        // NOTIFY payloads stop at 8,000 bytes: a large fan-out tells every stream to look.
        const payload = JSON.stringify({ userIds: [...notified] })
        await tx.execute(
          sql`select pg_notify(${NOTIFICATIONS_CHANNEL}, ${payload.length > 7_000 ? '{"all":true}' : payload})`,
        )
      }
      return rows.length
    })
  }

  private async expandOne(tx: Tx, outboxId: number, n: NotificationFacts, now: Date) {
    const people = await recipients(tx, n.audience)
    const chats = await chatsOf(
      tx,
      people.map((p) => p.id),
    )
    const chosen = new Map(
      people.length
        ? (
            await tx
              .select()
              .from(notificationSettings)
              .where(
                inArray(
                  notificationSettings.userId,
                  people.map((p) => p.id),
                ),
              )
          ).map((r) => [r.userId, r.settings])
        : [],
    )
    const [actor] = await tx.select({ name: users.name }).from(users).where(eq(users.id, n.actorId))
    const [dep] = n.departmentId
      ? await tx
          .select({ name: departments.shortName })
          .from(departments)
          .where(eq(departments.id, n.departmentId))
      : []
    const names = { actorName: actor?.name ?? '', departmentName: dep?.name ?? null }
    const values: Array<typeof notificationDeliveries.$inferInsert> = []
    const inApp: string[] = []
    for (const person of people) {
      if (person.id === n.actorId) continue // nobody is told of what they did themselves
      const message = notificationMessage(n, names, person.role)
      const base = {
        outboxId,
        userId: person.id,
        kind: n.kind,
        postId: n.postId,
        commentId: n.commentId ?? null,
        urgent: n.urgent,
        ...message,
        createdAt: now,
      }
      values.push({ ...base, channel: 'app', state: 'sent', sentAt: now })
      inApp.push(person.id)
      const reachable = this.channels.filter((c) =>
        this.senders.get(c)!.reaches(recipientOf(person, chats)),
      )
      const plan = planDelivery(
        person.role,
        chosen.get(person.id) ?? null,
        n,
        reachable,
        now,
        this.options.quietHours !== false,
      )
      for (const { channel, notBefore } of plan) {
        values.push({ ...base, channel, state: 'pending', nextAttemptAt: notBefore })
      }
    }
    // In chunks: a statement takes at most 65,535 parameters (17 per row).
    for (let i = 0; i < values.length; i += 1_000) {
      await tx
        .insert(notificationDeliveries)
        .values(values.slice(i, i + 1_000))
        .onConflictDoNothing()
    }
    return inApp
  }

  /**
   * Claims up to one batch of due deliveries and starts sending them; returns how many were
   * claimed. The sends go on after it returns (their rows are leased meanwhile).
   */
  async deliver(): Promise<number> {
    if (!this.senders.size) return 0
    while (this.inFlight.size >= MAX_IN_FLIGHT) await Promise.race(this.inFlight)
    const now = this.clock.now()
    const lease = new Date(now.getTime() + LEASE_MS)
    const claimed = await this.db.transaction(async (tx) => {
      const due = await tx
        .select({ id: notificationDeliveries.id })
        .from(notificationDeliveries)
        .where(
          or(
            and(
              eq(notificationDeliveries.state, 'pending'),
              sql`${notificationDeliveries.nextAttemptAt} <= ${now.toISOString()}::timestamptz`,
            ),
            and(
              eq(notificationDeliveries.state, 'sending'),
              sql`${notificationDeliveries.lockedUntil} < ${now.toISOString()}::timestamptz`,
            ),
          ),
        )
        .orderBy(asc(notificationDeliveries.nextAttemptAt), asc(notificationDeliveries.id))
        .limit(BATCH)
        .for('update', { skipLocked: true })
      if (!due.length) return []
      return tx
        .update(notificationDeliveries)
        .set({
          state: 'sending',
          lockedUntil: lease,
          attempts: sql`${notificationDeliveries.attempts} + 1`,
        })
        .where(
          inArray(
            notificationDeliveries.id,
            due.map((d) => d.id),
          ),
        )
        .returning()
    })
    if (!claimed.length) return 0
    const people = new Map(
      (
        await this.db
          .select()
          .from(users)
          .where(inArray(users.id, [...new Set(claimed.map((c) => c.userId))]))
      ).map((u) => [u.id, u]),
    )
    const chats = await chatsOf(this.db, [...people.keys()])
    for (const d of claimed) {
      const sending: Promise<void> = this.send(d, people.get(d.userId), chats)
        .catch((err: unknown) => this.log.error('notification send failed', errorFields(err)))
        .finally(() => this.inFlight.delete(sending))
      this.inFlight.add(sending)
    }
    return claimed.length
  }

  private async send(d: DeliveryRow, person: UserRow | undefined, chats: Chats) {
    const sender = this.senders.get(d.channel)
    let outcome
    if (!sender || !person || !person.active) {
      outcome = { ok: false as const, retryable: false, error: 'Канал или получатель недоступен' }
    } else {
      try {
        outcome = await sender.send(recipientOf(person, chats), {
          deliveryId: d.id,
          title: d.title,
          body: d.body,
          url: new URL(d.path, this.options.publicUrl).toString(),
          urgent: d.urgent,
        })
      } catch (err) {
        outcome = { ok: false as const, retryable: true, error: String((err as Error).message) }
      }
    }
    const now = this.clock.now()
    const mine = and(
      eq(notificationDeliveries.id, d.id),
      eq(notificationDeliveries.state, 'sending'),
      eq(notificationDeliveries.attempts, d.attempts),
    )
    if (outcome.ok) {
      await this.db
        .update(notificationDeliveries)
        .set({ state: 'sent', sentAt: now, error: outcome.note ?? null, lockedUntil: null })
        .where(mine)
      return
    }
    const retry = outcome.retryable && d.attempts < MAX_ATTEMPTS
    await this.db
      .update(notificationDeliveries)
      .set({
        state: retry ? 'pending' : 'failed',
        error: outcome.error.slice(0, 500),
        lockedUntil: null,
        nextAttemptAt: retry
          ? new Date(now.getTime() + retryDelayMs(d.attempts, outcome.retryAfterMs))
          : null,
      })
      .where(mine)
    if (!retry) {
      this.log.warn('notification failed', { deliveryId: d.id, channel: d.channel })
    }
  }
}

/**
 * A step run until it finds nothing to do; concurrent calls share the run, and a call that
 * comes while it runs makes it look once more.
 */
class Repeating {
  private running: Promise<void> | null = null
  private again = false

  constructor(private readonly step: () => Promise<number>) {}

  run(log: Logger): Promise<void> {
    if (this.running) {
      this.again = true
      return this.running
    }
    this.running = (async () => {
      try {
        do {
          this.again = false
          while ((await this.step()) > 0);
        } while (this.again)
      } catch (err) {
        log.error('notification pass failed', errorFields(err))
      }
    })().finally(() => (this.running = null))
    return this.running
  }

  async idle() {
    await this.running
  }
}

type Chats = Map<string, Pick<Recipient, 'chats' | 'push'>>

const recipientOf = (u: Pick<UserRow, 'id' | 'name' | 'email'>, chats: Chats): Recipient => ({
  id: u.id,
  name: u.name,
  email: u.email,
  chats: chats.get(u.id)?.chats ?? {},
  push: chats.get(u.id)?.push ?? [],
})

/** The messenger chats these people linked and the browsers they subscribed to push. */
async function chatsOf(db: Db | Tx, ids: readonly string[]): Promise<Chats> {
  const out: Chats = new Map()
  if (!ids.length) return out
  const entry = (id: string) => {
    let e = out.get(id)
    if (!e) out.set(id, (e = { chats: {}, push: [] }))
    return e
  }
  const links = await db
    .select()
    .from(messengerLinks)
    .where(inArray(messengerLinks.userId, [...ids]))
  const subs = await db
    .select()
    .from(pushSubscriptions)
    .where(inArray(pushSubscriptions.userId, [...ids]))
  for (const r of links) entry(r.userId).chats[r.messenger] = r.chatId
  for (const s of subs) entry(s.userId).push.push(s)
  return out
}

/** Active people in the audience, the directly named ones (the requester) first. */
async function recipients(tx: Tx, audience: readonly Audience[]) {
  const roles = audience.flatMap((a) => ('role' in a ? [a.role] : []))
  const deps = audience.flatMap((a) => ('departmentId' in a ? [a.departmentId] : []))
  const ids = audience.flatMap((a) => ('userId' in a ? [a.userId] : []))
  const conditions = [
    roles.length ? inArray(users.role, roles) : undefined,
    deps.length ? and(eq(users.role, 'department'), inArray(users.departmentId, deps)) : undefined,
    ids.length ? inArray(users.id, ids) : undefined,
  ].filter((c) => c !== undefined)
  if (!conditions.length) return []
  const rows = await tx
    .select({ id: users.id, name: users.name, email: users.email, role: users.role })
    .from(users)
    .where(and(eq(users.active, true), or(...conditions)))
    .orderBy(asc(users.id))
  const first = new Set(ids)
  return [...rows.filter((r) => first.has(r.id)), ...rows.filter((r) => !first.has(r.id))]
}
