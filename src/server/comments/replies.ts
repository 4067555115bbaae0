/**
 * The reply ledger and its worker: an approved answer goes out as a reply from the governor's
 * page, by the same rules as a post's publication (publishing/ledger.ts). One row per (comment,
 * approved answer), created in the transaction that moves the comment to `posting`; before every
 * attempt the comment must still be `posting` with exactly the approved text; an unknown outcome
 * is retried only where the network de-duplicates (VK's guid), else a person checks the page and
 * says; when the row is sent the system's POSTED event carries the link.
 */
import { and, asc, eq, isNull, lte, or, sql } from 'drizzle-orm'
import { hashAnswer } from '../../domain/comment-lifecycle'
import type { Channel } from '../../domain/channels'
import type { CommentReplyDto } from '../../shared/api/responses'
import { ledgerRowAfter, type ChannelAdapter, type PublishOutcome } from '../channels/adapter'
import type { Db, Tx } from '../db/client'
import { commentReplies, comments } from '../db/schema'
import type { Clock } from '../lib/clock'
import { crashPoint } from '../lib/crash-point'
import { ApiError, notFound } from '../lib/errors'
import { errorFields, type Logger } from '../lib/log'
import { COMMENTS_CHANNEL } from './signals'

type Adapters = Record<Channel, ChannelAdapter>
type ReplyRow = typeof commentReplies.$inferSelect
type CommentRow = typeof comments.$inferSelect

/** What the worker needs of the comment service: the system's POSTED event. */
interface CommentSystemEvents {
  applySystemEvent(
    id: string,
    payload: { type: 'POSTED'; links: Array<{ network: string; url: string }> },
    now: Date,
  ): Promise<unknown>
}

/** A row left in `sending` this long was interrupted (a crash mid-request). */
const STUCK_MS = 2 * 60_000

const NETWORK_NAME = { vk: 'ВКонтакте', ok: 'Одноклассники' } as const

/** How the reply goes out: the real page, the built-in demo page, or by a person's hand. */
function replyMode(adapter: ChannelAdapter | undefined): CommentReplyDto['mode'] {
  if (!adapter?.configured) return 'notConfigured'
  if (!adapter.reply) return 'manual'
  return adapter.demo ? 'demo' : 'real'
}

export const toReplyDto = (r: ReplyRow, adapters: Adapters): CommentReplyDto => ({
  id: r.id,
  network: r.network,
  mode: replyMode(adapters[r.network]),
  textVersion: r.textVersion,
  interim: r.interim,
  state: r.state,
  attempts: r.attempts,
  nextAttemptAt: r.nextAttemptAt?.toISOString() ?? null,
  url: r.url,
  error: r.error,
  pageUrl: adapters[r.network]?.channelUrl ?? null,
  canRetry: r.state === 'failed' && r.retryable,
})

/**
 * The ledger row for the answer the SMC just approved, inside the event's transaction. A
 * network this server cannot reply on (no credentials, or no reply method: OK) waits for a
 * person's link instead of being skipped.
 */
export async function enqueueReply(tx: Tx, row: CommentRow, adapters: Adapters, now: Date) {
  const approval = row.context.approval
  if (!approval) return
  const adapter = adapters[row.network]
  const mode = replyMode(adapter)
  const base = {
    commentId: row.id,
    network: row.network,
    textVersion: approval.textVersion,
    interim: approval.interim,
    approvedHash: approval.hash,
    updatedAt: now,
  }
  const values =
    mode === 'real' || mode === 'demo'
      ? { ...base, state: 'queued' as const }
      : {
          ...base,
          state: 'manual' as const,
          error:
            mode === 'notConfigured'
              ? `${NETWORK_NAME[row.network]}: страница не настроена — ответьте вручную и укажите ссылку`
              : `${NETWORK_NAME[row.network]}: ответ публикуется вручную — ответьте и укажите ссылку`,
        }
  await tx.insert(commentReplies).values(values).onConflictDoNothing()
}

/**
 * A ledger row changed without moving the comment (sending, a failure, a retry, the SMC's
 * word): a `comment` frame for the screens that show the ledger — the SMC's and the admin's.
 * No department is named, so no department hears it: the ledger is not on its screens (the
 * comment's own moves, POSTED included, send their frames with the department as usual).
 */
async function signalLedger(db: Db | Tx, commentId: string) {
  await db.execute(
    sql`select pg_notify(${COMMENTS_CHANNEL}, json_build_object(
      'commentId', ${comments.id}, 'event', 'REPLY', 'actorId', 'system',
      'state', ${comments.state}, 'version', ${comments.version}, 'departmentIds', '[]'::json
    )::text) from ${comments} where ${comments.id} = ${commentId}`,
  )
}

export class ReplyWorker {
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null

  constructor(
    private readonly db: Db,
    private readonly service: CommentSystemEvents,
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

  /** The ledger of one comment, oldest first. */
  async rows(commentId: string): Promise<CommentReplyDto[]> {
    const rows = await this.db
      .select()
      .from(commentReplies)
      .where(eq(commentReplies.commentId, commentId))
      .orderBy(asc(commentReplies.id))
    return rows.map((r) => toReplyDto(r, this.adapters))
  }

  private async work() {
    try {
      await this.recoverInterrupted()
      // A comment whose reply was recorded sent just before a crash is answered now.
      for (const id of await this.finished()) await this.settle(id)
      const now = this.clock.now()
      const due = await this.db
        .select({ id: commentReplies.id })
        .from(commentReplies)
        .where(
          and(
            eq(commentReplies.state, 'queued'),
            or(isNull(commentReplies.nextAttemptAt), lte(commentReplies.nextAttemptAt, now)),
          ),
        )
        .orderBy(asc(commentReplies.id))
        .limit(20)
      for (const { id } of due) await this.attempt(id)
    } catch (err) {
      this.log.error('reply pass failed', errorFields(err))
    }
  }

  /**
   * Comments still `posting` whose approved answer's row is sent: what a crash between
   * recording the reply and moving the comment left behind.
   */
  private async finished(): Promise<string[]> {
    // Written out: drizzle drops table names from columns in a one-table select.
    const rows = await this.db
      .select({ id: comments.id })
      .from(comments)
      .where(
        and(
          eq(comments.state, 'posting'),
          sql`exists (select 1 from comment_replies r where r.comment_id = comments.id
            and r.text_version = (comments.context->'approval'->>'textVersion')::int
            and r.interim = (comments.context->'approval'->>'interim')::boolean
            and r.state = 'sent')`,
        ),
      )
    return rows.map((r) => r.id)
  }

  /** Never a blind retry after a crash mid-send: only where the network de-duplicates. */
  private async recoverInterrupted() {
    const now = this.clock.now()
    const cutoff = new Date(now.getTime() - STUCK_MS)
    const stuck = await this.db
      .select()
      .from(commentReplies)
      .where(and(eq(commentReplies.state, 'sending'), lte(commentReplies.updatedAt, cutoff)))
    for (const row of stuck) {
      const safe = this.adapters[row.network]?.idempotent
      await this.db
        .update(commentReplies)
        .set(
          safe
            ? { state: 'queued', updatedAt: now }
            : {
                state: 'unknown',
                error: 'Отправка прервалась: проверьте страницу',
                updatedAt: now,
              },
        )
        .where(and(eq(commentReplies.id, row.id), eq(commentReplies.state, 'sending')))
      await signalLedger(this.db, row.commentId)
    }
  }

  private async attempt(id: number) {
    const now = this.clock.now()
    const claimed = await this.db.transaction(async (tx) => {
      const [row] = await tx
        .select()
        .from(commentReplies)
        .where(and(eq(commentReplies.id, id), eq(commentReplies.state, 'queued')))
        .for('update', { skipLocked: true })
      if (!row) return null
      const [comment] = await tx.select().from(comments).where(eq(comments.id, row.commentId))
      const approval = comment?.context.approval
      // Before each send: exactly the approved answer, still approved, still being posted.
      const problem = !comment
        ? 'Комментарий не найден'
        : comment.state !== 'posting'
          ? 'Ответ уже не отправляется'
          : !approval ||
              approval.hash !== row.approvedHash ||
              approval.interim !== row.interim ||
              hashAnswer(comment.context.text) !== row.approvedHash
            ? 'Текст изменился после утверждения: отправка отменена'
            : null
      if (problem) {
        await tx
          .update(commentReplies)
          .set({ state: 'failed', error: problem, retryable: false, updatedAt: now })
          .where(eq(commentReplies.id, id))
        await signalLedger(tx, row.commentId)
        return null
      }
      await tx
        .update(commentReplies)
        .set({ state: 'sending', attempts: row.attempts + 1, updatedAt: now })
        .where(eq(commentReplies.id, id))
      await signalLedger(tx, row.commentId)
      return { row: { ...row, attempts: row.attempts + 1 }, comment: comment! }
    })
    if (!claimed) return
    const { row, comment } = claimed
    const adapter = this.adapters[row.network]
    const outcome: PublishOutcome = adapter?.reply
      ? await adapter
          .reply({
            commentId: comment.id,
            pageId: comment.pageId,
            networkPostId: comment.networkPostId,
            networkCommentId: comment.networkCommentId,
            text: comment.context.text,
            guid: `reply:${comment.id}:v${row.textVersion}${row.interim ? ':interim' : ''}`,
          })
          .catch((e: unknown) => ({ kind: 'unknown' as const, error: String(e) }))
      : { kind: 'failed', error: 'Эта страница не принимает ответы от Визы', retryable: false }
    await this.record(row, outcome)
    if (outcome.kind === 'sent') await this.settle(row.commentId)
  }

  private async record(row: ReplyRow, outcome: PublishOutcome) {
    const now = this.clock.now()
    const adapter = this.adapters[row.network] ?? { idempotent: false }
    const { step, change } = ledgerRowAfter(outcome, adapter, row.attempts, now)
    await this.db.transaction(async (tx) => {
      await tx
        .update(commentReplies)
        .set({ ...change, updatedAt: now })
        .where(eq(commentReplies.id, row.id))
      await signalLedger(tx, row.commentId)
    })
    if (change.state === 'sent') crashPoint('ledger-sent')
    this.log.info('reply attempt', {
      commentId: row.commentId,
      network: row.network,
      attempt: row.attempts,
      outcome: outcome.kind,
      next: step.step,
    })
  }

  /** The approved answer's row is sent: the comment is answered (or the interim is out). */
  async settle(commentId: string) {
    const [comment] = await this.db.select().from(comments).where(eq(comments.id, commentId))
    const approval = comment?.context.approval
    if (!comment || comment.state !== 'posting' || !approval) return
    const [row] = await this.db
      .select()
      .from(commentReplies)
      .where(
        and(
          eq(commentReplies.commentId, commentId),
          eq(commentReplies.textVersion, approval.textVersion),
          eq(commentReplies.interim, approval.interim),
        ),
      )
    if (row?.state !== 'sent') return
    await this.service.applySystemEvent(
      commentId,
      { type: 'POSTED', links: row.url ? [{ network: row.network, url: row.url }] : [] },
      this.clock.now(),
    )
  }

  /**
   * The SMC's word on a reply: "it is there" (with the link) for a manual row, an unknown
   * outcome or a failure, or "it is not there" for an unknown outcome, which queues a new try.
   */
  async confirm(commentId: string, id: number, input: { sent: boolean; url?: string }) {
    const now = this.clock.now()
    const row = await this.row(commentId, id)
    if (!['manual', 'unknown', 'failed'].includes(row.state))
      throw new ApiError(422, 'not_confirmable', 'Этот ответ уже отправлен или отправляется')
    if (input.sent) {
      if (!input.url) throw new ApiError(400, 'url_required', 'Укажите ссылку на ответ')
      await this.db.transaction(async (tx) => {
        await tx
          .update(commentReplies)
          .set({ state: 'sent', url: input.url, error: null, updatedAt: now })
          .where(eq(commentReplies.id, id))
        await signalLedger(tx, commentId)
      })
      crashPoint('ledger-sent')
      await this.settle(commentId)
      return
    }
    if (row.state === 'manual' || !this.adapters[row.network]?.reply)
      throw new ApiError(422, 'manual_reply', 'Этот ответ публикуется только вручную')
    await this.db.transaction(async (tx) => {
      await tx
        .update(commentReplies)
        .set({ state: 'queued', nextAttemptAt: null, error: null, updatedAt: now })
        .where(eq(commentReplies.id, id))
      await signalLedger(tx, commentId)
    })
    void this.pass()
  }

  /** A retry where it is safe: the network surely did not take the reply. */
  async retry(commentId: string, id: number) {
    const row = await this.row(commentId, id)
    if (row.state !== 'failed' || !row.retryable)
      throw new ApiError(
        422,
        'not_retryable',
        'Повтор небезопасен или не нужен: проверьте страницу и подтвердите вручную',
      )
    await this.db.transaction(async (tx) => {
      await tx
        .update(commentReplies)
        .set({ state: 'queued', nextAttemptAt: null, attempts: 0, updatedAt: this.clock.now() })
        .where(eq(commentReplies.id, id))
      await signalLedger(tx, commentId)
    })
    void this.pass()
  }

  private async row(commentId: string, id: number) {
    const [row] = await this.db
      .select()
      .from(commentReplies)
      .where(and(eq(commentReplies.id, id), eq(commentReplies.commentId, commentId)))
    if (!row) throw notFound('Такой отправки ответа нет')
    return row
  }
}
