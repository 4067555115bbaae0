/**
 * The publication ledger: one row per (post, channel, approved text version), and every move
 * a row may make — enqueued with the move to `publishing`, claimed for a send only while the
 * post still carries exactly the approved text, the send's outcome recorded, an interrupted
 * send never retried blindly, and a person's word on a channel. The worker (worker.ts) drives
 * it; nothing here talks to a channel.
 */
import { and, asc, eq, isNull, lte, or, sql } from 'drizzle-orm'
import type { Channel } from '../../domain/channels'
import { hashContent, stateLabels, type PostContext } from '../../domain/post-lifecycle'
import type { ChannelMode, PublicationDto } from '../../shared/api/contract'
import { ledgerRowAfter, type ChannelAdapter, type PublishOutcome } from '../channels/adapter'
import type { Db, Tx } from '../db/client'
import { posts, publications } from '../db/schema'
import { crashPoint } from '../lib/crash-point'
import { ApiError, notFound } from '../lib/errors'
import { publicationTroubleFor } from '../../domain/notifications/rules'
import { queueNotification } from '../notifications/outbox'

export type Adapters = Record<Channel, ChannelAdapter>
export type PublicationRow = typeof publications.$inferSelect

/** Ledger states that wait for a person: shown as trouble on the dashboard and post page. */
export const NEEDS_PERSON: ReadonlyArray<PublicationRow['state']> = ['failed', 'unknown', 'manual']

/** A row left in `sending` this long was interrupted (a crash mid-request). */
const STUCK_MS = 2 * 60_000

const NOT_CONFIGURED = 'Канал не настроен: опубликуйте пост вручную и укажите ссылку'

/** How a channel is served here: really, by the built-in demo, by hand, or not at all. */
export function channelMode(channel: Channel, adapter: ChannelAdapter | undefined): ChannelMode {
  if (channel === 'manual') return 'manual'
  if (!adapter?.configured) return 'notConfigured'
  return adapter.demo ? 'demo' : 'real'
}

export const toPublicationDto = (r: PublicationRow, adapters: Adapters): PublicationDto => ({
  id: r.id,
  channel: r.channel,
  mode: channelMode(r.channel, adapters[r.channel]),
  textVersion: r.textVersion,
  state: r.state,
  attempts: r.attempts,
  nextAttemptAt: r.nextAttemptAt?.toISOString() ?? null,
  url: r.url,
  error: r.error,
  configured: adapters[r.channel]?.configured ?? false,
  channelUrl: adapters[r.channel]?.channelUrl ?? null,
  canRetry: r.state === 'failed' && r.retryable,
})

/**
 * Creates the ledger rows when a post enters `publishing`, inside the event's transaction. The
 * unique (post, channel, text version) key means a second PUBLISH of the same approved text
 * can never add a second row, so never a second send.
 */
export async function enqueuePublications(
  tx: Tx,
  postId: string,
  context: PostContext,
  adapters: Adapters,
  now: Date,
) {
  const approval = context.approval!
  const rows = context.channels.map((channel) => {
    const adapter = adapters[channel]
    const base = {
      postId,
      channel,
      textVersion: approval.textVersion,
      approvedHash: approval.hash,
      updatedAt: now,
    }
    if (channel === 'manual') return { ...base, state: 'manual' as const }
    if (!adapter?.configured) {
      // The editor was told before publishing; the channel waits for her link.
      return { ...base, state: 'manual' as const, error: NOT_CONFIGURED }
    }
    return { ...base, state: 'queued' as const }
  })
  if (rows.length) await tx.insert(publications).values(rows).onConflictDoNothing()
}

/** A claimed row and exactly what was approved: what a send may carry. */
export interface Claim {
  row: PublicationRow
  text: string
  refs: NonNullable<PostContext['media']>
}

export class PublicationLedger {
  constructor(
    private readonly db: Db,
    private readonly adapters: Adapters,
  ) {}

  /** Queued rows whose next attempt is due, oldest first. */
  async due(now: Date, limit = 20): Promise<number[]> {
    const rows = await this.db
      .select({ id: publications.id })
      .from(publications)
      .where(
        and(
          eq(publications.state, 'queued'),
          or(isNull(publications.nextAttemptAt), lte(publications.nextAttemptAt, now)),
        ),
      )
      .orderBy(asc(publications.id))
      .limit(limit)
    return rows.map((r) => r.id)
  }

  /** Never a blind retry after a crash mid-send: only where the channel de-duplicates. */
  async recoverInterrupted(now: Date) {
    const cutoff = new Date(now.getTime() - STUCK_MS)
    const stuck = await this.db
      .select()
      .from(publications)
      .where(and(eq(publications.state, 'sending'), lte(publications.updatedAt, cutoff)))
    for (const row of stuck) {
      const safe = this.adapters[row.channel]?.idempotent
      const error = 'Отправка прервалась: проверьте канал'
      await this.db.transaction(async (tx) => {
        const moved = await tx
          .update(publications)
          .set(
            safe
              ? { state: 'queued', updatedAt: now }
              : { state: 'unknown', error, updatedAt: now },
          )
          .where(and(eq(publications.id, row.id), eq(publications.state, 'sending')))
          .returning({ id: publications.id })
        if (moved.length && !safe) await this.queueTrouble(tx, row, 'unknown', error, now)
      })
    }
  }

  /**
   * Claims a queued row for one send (FOR UPDATE SKIP LOCKED, so server processes never take
   * the same row) — only if the post is still being published with exactly the approved text;
   * otherwise the row fails for good and nothing is sent.
   */
  async claim(id: number, now: Date): Promise<Claim | null> {
    return this.db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(publications)
        .where(and(eq(publications.id, id), eq(publications.state, 'queued')))
        .for('update', { skipLocked: true })
      if (!row) return null
      const [post] = await tx.select().from(posts).where(eq(posts.id, row.postId))
      const approval = post?.context.approval
      const problem = !post
        ? 'Пост не найден'
        : post.state !== 'publishing'
          ? `Пост уже не публикуется (${stateLabels[post.state].toLowerCase()})`
          : !approval ||
              approval.hash !== row.approvedHash ||
              hashContent(post.context) !== row.approvedHash
            ? 'Текст изменился после утверждения: отправка отменена'
            : null
      if (problem) {
        await tx
          .update(publications)
          .set({ state: 'failed', error: problem, retryable: false, updatedAt: now })
          .where(eq(publications.id, id))
        return null
      }
      await tx
        .update(publications)
        .set({ state: 'sending', attempts: row.attempts + 1, updatedAt: now })
        .where(eq(publications.id, id))
      return {
        row: { ...row, attempts: row.attempts + 1 },
        text: post!.context.text,
        refs: post!.context.media ?? [],
      }
    })
  }

  /** What one send led to: sent, another attempt later, a person to ask, or failed. */
  async record(row: PublicationRow, outcome: PublishOutcome, now: Date) {
    const { step, change } = ledgerRowAfter(outcome, this.adapters[row.channel], row.attempts, now)
    await this.db.transaction(async (tx) => {
      await tx
        .update(publications)
        .set({ ...change, updatedAt: now })
        .where(eq(publications.id, row.id))
      if (change.state === 'failed' || change.state === 'unknown')
        await this.queueTrouble(tx, row, change.state, change.error, now)
    })
    if (change.state === 'sent') crashPoint('ledger-sent')
    return step
  }

  /**
   * «Publication failed or needs a person» for the SMC (issue 13), in the transaction that
   * records it: one per row, attempt and outcome, so a retry that fails again tells them again.
   */
  private async queueTrouble(
    tx: Tx,
    row: PublicationRow,
    outcome: 'failed' | 'unknown',
    error: string | null,
    now: Date,
  ) {
    const [post] = await tx
      .select({ title: posts.title, urgent: posts.urgent })
      .from(posts)
      .where(eq(posts.id, row.postId))
    if (!post) return
    const facts = publicationTroubleFor({
      postId: row.postId,
      title: post.title,
      urgent: post.urgent,
      channel: row.channel,
      outcome,
      error,
      at: now.toISOString(),
    })
    if (await queueNotification(tx, `publication:${row.id}:${row.attempts}:${outcome}`, facts))
      this.troubled = true
  }

  /** Whether trouble was queued since the last call (the worker then pokes the notifier). */
  takeTroubled(): boolean {
    const was = this.troubled
    this.troubled = false
    return was
  }
  private troubled = false

  /**
   * Posts still being published whose every channel of the approved version is sent: what a
   * crash between recording the last send and moving the post left behind (each pass settles
   * them, so none stays «Публикуется» with nobody able to act).
   */
  async finished(): Promise<string[]> {
    // Written out: drizzle drops table names from columns in a one-table select.
    const approved = sql`r.post_id = posts.id and r.text_version = (posts.context->'approval'->>'textVersion')::int`
    const rows = await this.db
      .select({ id: posts.id })
      .from(posts)
      .where(
        and(
          eq(posts.state, 'publishing'),
          sql`exists (select 1 from publications r where ${approved})`,
          sql`not exists (select 1 from publications r where ${approved} and r.state <> 'sent')`,
        ),
      )
    return rows.map((r) => r.id)
  }

  /** The links of a post being published once every channel of its approved version is sent. */
  async allSent(postId: string): Promise<Array<{ channel: Channel; url: string }> | null> {
    const [post] = await this.db.select().from(posts).where(eq(posts.id, postId))
    if (!post || post.state !== 'publishing' || !post.context.approval) return null
    const rows = await this.db
      .select()
      .from(publications)
      .where(
        and(
          eq(publications.postId, postId),
          eq(publications.textVersion, post.context.approval.textVersion),
        ),
      )
    if (rows.length === 0 || rows.some((r) => r.state !== 'sent')) return null
    return rows.filter((r) => r.url).map((r) => ({ channel: r.channel, url: r.url! }))
  }

  /**
   * The editor's word on a channel: "it is there" (with the link) for a manual channel or an
   * unknown outcome, or "it is not there" for an unknown outcome, which queues a new attempt.
   */
  async confirm(
    postId: string,
    id: number,
    input: { sent: boolean; url?: string },
    now: Date,
  ): Promise<'sent' | 'queued'> {
    const row = await this.row(postId, id)
    if (!['manual', 'unknown', 'failed'].includes(row.state)) {
      throw new ApiError(422, 'not_confirmable', 'Этот канал уже отправлен или отправляется')
    }
    if (input.sent) {
      if (!input.url) throw new ApiError(400, 'url_required', 'Укажите ссылку на публикацию')
      await this.db
        .update(publications)
        .set({ state: 'sent', url: input.url, error: null, updatedAt: now })
        .where(eq(publications.id, id))
      crashPoint('ledger-sent')
      return 'sent'
    }
    if (row.state === 'manual')
      throw new ApiError(422, 'manual_channel', 'Ручной канал публикуется только вручную')
    if (!this.adapters[row.channel].configured)
      throw new ApiError(422, 'not_configured', 'Канал не настроен: повторить нельзя')
    await this.db
      .update(publications)
      .set({ state: 'queued', nextAttemptAt: null, error: null, updatedAt: now })
      .where(eq(publications.id, id))
    return 'queued'
  }

  /** A retry where it is safe: the channel surely did not take the post. */
  async retry(postId: string, id: number, now: Date) {
    const row = await this.row(postId, id)
    if (row.state !== 'failed' || !row.retryable) {
      throw new ApiError(
        422,
        'not_retryable',
        'Повтор небезопасен или не нужен: проверьте канал и подтвердите вручную',
      )
    }
    await this.db
      .update(publications)
      .set({ state: 'queued', nextAttemptAt: null, attempts: 0, updatedAt: now })
      .where(eq(publications.id, id))
  }

  private async row(postId: string, id: number) {
    const [row] = await this.db
      .select()
      .from(publications)
      .where(and(eq(publications.id, id), eq(publications.postId, postId)))
    if (!row) throw notFound('Публикация в канале не найдена')
    return row
  }
}
