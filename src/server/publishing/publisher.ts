import { createHash } from 'node:crypto'
import { and, asc, eq, inArray, isNull, lte, or } from 'drizzle-orm'
import type { Channel } from '../../domain/channels'
import { hashContent, stateLabels, type PostContext } from '../../domain/post-lifecycle'
import { SYSTEM_ACTOR } from '../../domain/roles'
import type { ChannelMode, PublicationDto } from '../../shared/api/contract'
import { nextStep, type ChannelAdapter, type PublishOutcome } from '../channels/adapter'
import type { Db, Tx } from '../db/client'
import { media, posts, publications } from '../db/schema'
import type { Clock } from '../lib/clock'
import { ApiError, notFound } from '../lib/errors'
import { errorFields, type Logger } from '../lib/log'

type Adapters = Record<Channel, ChannelAdapter>

/** What the publisher needs of the post service: to send the system's PUBLISHED event. */
export interface SystemEvents {
  applySystemEvent(
    actor: typeof SYSTEM_ACTOR,
    postId: string,
    payload: { type: 'PUBLISHED'; links: Array<{ channel: string; url: string }> },
    now: Date,
  ): Promise<boolean>
}
type PublicationRow = typeof publications.$inferSelect

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

/**
 * Sends queued publications, one claimed row at a time (FOR UPDATE SKIP LOCKED, so server
 * processes never take the same row), checks the text against the approval before each send,
 * records what happened and moves the post to `published` once every channel is sent.
 */
export class Publisher {
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null

  constructor(
    private readonly db: Db,
    private readonly service: SystemEvents,
    readonly adapters: Adapters,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly intervalMs = 2000,
  ) {}

  start() {
    this.timer = setInterval(() => void this.pass(), this.intervalMs)
    this.timer.unref()
  }

  async stop() {
    if (this.timer) clearInterval(this.timer)
    await this.running
  }

  /** One pass; concurrent calls share it. */
  pass(): Promise<void> {
    this.running ??= this.work().finally(() => (this.running = null))
    return this.running
  }

  private async work() {
    try {
      await this.recoverInterrupted()
      const now = this.clock.now()
      const due = await this.db
        .select({ id: publications.id })
        .from(publications)
        .where(
          and(
            eq(publications.state, 'queued'),
            or(isNull(publications.nextAttemptAt), lte(publications.nextAttemptAt, now)),
          ),
        )
        .orderBy(asc(publications.id))
        .limit(20)
      for (const { id } of due) await this.attempt(id)
    } catch (err) {
      this.log.error('publisher pass failed', errorFields(err))
    }
  }

  /** Never a blind retry after a crash mid-send: only where the channel de-duplicates. */
  private async recoverInterrupted() {
    const cutoff = new Date(this.clock.now().getTime() - STUCK_MS)
    const stuck = await this.db
      .select()
      .from(publications)
      .where(and(eq(publications.state, 'sending'), lte(publications.updatedAt, cutoff)))
    for (const row of stuck) {
      const safe = this.adapters[row.channel]?.idempotent
      await this.db
        .update(publications)
        .set(
          safe
            ? { state: 'queued', updatedAt: this.clock.now() }
            : {
                state: 'unknown',
                error: 'Отправка прервалась: проверьте канал',
                updatedAt: this.clock.now(),
              },
        )
        .where(and(eq(publications.id, row.id), eq(publications.state, 'sending')))
    }
  }

  private async attempt(id: number) {
    const now = this.clock.now()
    const claimed = await this.db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(publications)
        .where(and(eq(publications.id, id), eq(publications.state, 'queued')))
        .for('update', { skipLocked: true })
      if (!row) return null
      const [post] = await tx.select().from(posts).where(eq(posts.id, row.postId))
      const approval = post?.context.approval
      // Before each send: exactly the approved text, still approved, still being published.
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
    if (!claimed) return
    const { row, text, refs } = claimed
    const adapter = this.adapters[row.channel]
    const stored = refs.length
      ? await this.db
          .select()
          .from(media)
          .where(
            inArray(
              media.id,
              refs.map((r) => r.id),
            ),
          )
      : []
    const images = refs.map((r) => {
      const m = stored.find((s) => s.id === r.id)
      return m && createHash('sha256').update(m.bytes).digest('hex') === r.sha256
        ? { id: m.id, name: m.name, mime: m.mime, bytes: new Uint8Array(m.bytes) }
        : null
    })
    if (images.some((i) => i === null)) {
      await this.record(row, {
        kind: 'failed',
        error: 'Фото не совпадает с утверждённым: отправка отменена',
        retryable: false,
      })
      return
    }
    const outcome: PublishOutcome = await adapter
      .publish({
        postId: row.postId,
        text,
        images: images as NonNullable<(typeof images)[number]>[],
        guid: `${row.postId}:${row.channel}:v${row.textVersion}`,
      })
      .catch((e: unknown) => ({ kind: 'unknown' as const, error: String(e) }))
    await this.record(row, outcome)
    await this.settle(row.postId)
  }

  private async record(row: PublicationRow, outcome: PublishOutcome) {
    const now = this.clock.now()
    const step = nextStep(outcome, this.adapters[row.channel], row.attempts)
    const change =
      outcome.kind === 'sent'
        ? { state: 'sent' as const, externalId: outcome.externalId, url: outcome.url, error: null }
        : step.step === 'retry'
          ? {
              state: 'queued' as const,
              nextAttemptAt: new Date(now.getTime() + step.afterMs),
              error: outcome.error,
            }
          : step.step === 'askPerson'
            ? { state: 'unknown' as const, error: outcome.error }
            : {
                state: 'failed' as const,
                error: outcome.error,
                retryable: outcome.kind === 'failed' && outcome.retryable,
              }
    await this.db
      .update(publications)
      .set({ ...change, updatedAt: now })
      .where(eq(publications.id, row.id))
    this.log.info('publication attempt', {
      postId: row.postId,
      channel: row.channel,
      attempt: row.attempts,
      outcome: outcome.kind,
      next: step.step,
    })
  }

  /** Every channel of the approved version sent: the post is published, with its links. */
  async settle(postId: string) {
    const [post] = await this.db.select().from(posts).where(eq(posts.id, postId))
    if (!post || post.state !== 'publishing' || !post.context.approval) return
    const rows = await this.db
      .select()
      .from(publications)
      .where(
        and(
          eq(publications.postId, postId),
          eq(publications.textVersion, post.context.approval.textVersion),
        ),
      )
    if (rows.length === 0 || rows.some((r) => r.state !== 'sent')) return
    const links = rows.filter((r) => r.url).map((r) => ({ channel: r.channel, url: r.url! }))
    await this.service.applySystemEvent(
      SYSTEM_ACTOR,
      postId,
      { type: 'PUBLISHED', links },
      this.clock.now(),
    )
  }

  /**
   * The editor's word on a channel: "it is there" (with the link) for a manual channel or an
   * unknown outcome, or "it is not there" for an unknown outcome, which queues a new attempt.
   */
  async confirm(postId: string, id: number, input: { sent: boolean; url?: string }) {
    const now = this.clock.now()
    const [row] = await this.db
      .select()
      .from(publications)
      .where(and(eq(publications.id, id), eq(publications.postId, postId)))
    if (!row) throw notFound('Публикация в канале не найдена')
    if (!['manual', 'unknown', 'failed'].includes(row.state)) {
      throw new ApiError(422, 'not_confirmable', 'Этот канал уже отправлен или отправляется')
    }
    if (input.sent) {
      if (!input.url) throw new ApiError(400, 'url_required', 'Укажите ссылку на публикацию')
      await this.db
        .update(publications)
        .set({ state: 'sent', url: input.url, error: null, updatedAt: now })
        .where(eq(publications.id, id))
      await this.settle(postId)
    } else {
      if (row.state === 'manual')
        throw new ApiError(422, 'manual_channel', 'Ручной канал публикуется только вручную')
      if (!this.adapters[row.channel].configured)
        throw new ApiError(422, 'not_configured', 'Канал не настроен: повторить нельзя')
      await this.db
        .update(publications)
        .set({ state: 'queued', nextAttemptAt: null, error: null, updatedAt: now })
        .where(eq(publications.id, id))
      void this.pass()
    }
  }

  /** A retry where it is safe: the channel surely did not take the post. */
  async retry(postId: string, id: number) {
    const [row] = await this.db
      .select()
      .from(publications)
      .where(and(eq(publications.id, id), eq(publications.postId, postId)))
    if (!row) throw notFound('Публикация в канале не найдена')
    if (row.state !== 'failed' || !row.retryable) {
      throw new ApiError(
        422,
        'not_retryable',
        'Повтор небезопасен или не нужен: проверьте канал и подтвердите вручную',
      )
    }
    await this.db
      .update(publications)
      .set({ state: 'queued', nextAttemptAt: null, attempts: 0, updatedAt: this.clock.now() })
      .where(eq(publications.id, id))
    void this.pass()
  }
}
