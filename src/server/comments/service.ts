import { randomUUID } from 'node:crypto'
import { and, asc, count, desc, eq, inArray, lte, sql } from 'drizzle-orm'
import {
  allowedCommentEvents,
  applyCommentEvent,
  commentStates,
  commentDepsFor,
  createCommentMachine,
  initialCommentState,
  mayEverSendComment,
  type CheckVerdict,
  type CommentEvent,
  type CommentContext,
  type CommentEventPayload,
  type CommentMachine,
  type CommentNote,
  type StoredCommentState,
} from '../../domain/comment-lifecycle'
import {
  commentAuthorLabel,
  commentNotificationsFor,
} from '../../domain/notifications/comment-rules'
import { hasBlockingIssue } from '../../domain/quality/check'
import type { WorkingCalendar } from '../../domain/calendar'
import type { Actor } from '../../domain/roles'
import type {
  CommentCountsDto,
  CommentDetailDto,
  CommentSummaryDto,
} from '../../shared/api/comments-contract'
import type { CalendarStore } from '../calendar-store'
import type { Db, Tx } from '../db/client'
import { commentHistory, commentReplies, comments, users, type CommentThread } from '../db/schema'
import { requireDepartment } from '../lib/departments'
import { canSee, canSeeChange, visibleRows } from '../lib/visibility'
import { writeOutbox } from '../notifications/outbox'
import { ApiError, notFound } from '../lib/errors'
import type { QualityChecker } from '../quality/checker'
import { COMMENTS_CHANNEL, CommentSignals, type CommentSignal } from './signals'

type CommentRow = typeof comments.$inferSelect

const COMMENT_NOT_FOUND = 'Комментарий не найден или у вас нет к нему доступа'

export interface RegisterCommentInput {
  network: 'vk' | 'ok'
  pageId: string
  networkPostId: string
  networkCommentId: string
  authorName: string
  authorUrl: string
  text: string
  thread: CommentThread
  leftAt: Date
  registeredAt: Date
}

const NOT_NOW: Record<string, string> = {
  TRIAGE: 'Комментарий уже распределён',
  DISMISS: 'Отметить «ответ не нужен» сейчас нельзя',
  SUBMIT_ANSWER: 'Ответ сейчас отправить нельзя: комментарий не у вашего департамента',
  EDIT_ANSWER: 'Ответ сейчас не на проверке ЦСМ или текст не изменился',
  RETURN_TO_DEPARTMENT: 'Вернуть ответ можно только с проверки ЦСМ',
  REASSIGN: 'Передать другому департаменту сейчас нельзя',
  APPROVE_ANSWER: 'Утвердить ответ сейчас нельзя',
}

/** The one way a comment changes: register, and the lifecycle events, each in one transaction. */
export class CommentService {
  private machines = new WeakMap<WorkingCalendar, CommentMachine>()
  /** Comment changes heard from the database (every process's), for the live stream. */
  readonly signals = new CommentSignals()

  constructor(
    private readonly db: Db,
    private readonly calendars: CalendarStore,
    private readonly quality: QualityChecker,
  ) {}

  private async machine(db: Db | Tx) {
    const { calendar } = await this.calendars.current(db)
    let m = this.machines.get(calendar)
    if (!m) {
      m = createCommentMachine(commentDepsFor(calendar))
      this.machines.set(calendar, m)
    }
    return m
  }

  /** Stores a comment once per (network, page, post, comment); `created` false for a repeat. */
  async register(input: RegisterCommentInput): Promise<{ id: string; created: boolean }> {
    return this.db.transaction(async (tx) => {
      const machine = await this.machine(tx)
      const initial = initialCommentState(machine, {
        registeredAt: input.registeredAt.toISOString(),
      })
      const id = randomUUID()
      const [row] = await tx
        .insert(comments)
        .values({
          id,
          ...input,
          state: initial.value,
          context: initial.context,
          version: 1,
          updatedAt: input.registeredAt,
        })
        .onConflictDoNothing()
        .returning({ id: comments.id })
      if (!row) {
        const [existing] = await tx
          .select({ id: comments.id })
          .from(comments)
          .where(
            and(
              eq(comments.network, input.network),
              eq(comments.pageId, input.pageId),
              eq(comments.networkPostId, input.networkPostId),
              eq(comments.networkCommentId, input.networkCommentId),
            ),
          )
        return { id: existing!.id, created: false }
      }
      await tx.insert(commentHistory).values({
        commentId: id,
        event: 'REGISTERED',
        actorId: 'system',
        actorRole: 'system',
        fromState: null,
        toState: initial.value,
        version: 1,
        textVersion: 0,
        at: input.registeredAt,
        departmentIds: [],
        payload: { network: input.network },
      })
      await signal(tx, {
        commentId: id,
        event: 'REGISTERED',
        actorId: 'system',
        state: initial.value,
        version: 1,
        departmentIds: [],
      })
      return { id, created: true }
    })
  }

  /**
   * The comments this person may see, overdue first, then by clock, then the newest; filtered
   * by state (comma-separated) and, for the SMC, by department.
   */
  async list(
    actor: Actor,
    filters: { state?: string; department?: string } = {},
    now = new Date(),
  ): Promise<{ items: CommentSummaryDto[] }> {
    const rows = await this.db
      .select()
      .from(comments)
      .where(and(...this.visibleWhere(actor, filters, now)))
      // overdue first, then by clock, then the newest
      .orderBy(desc(comments.overdue), asc(comments.deadlineAt), desc(comments.registeredAt))
      .limit(500)
    // Comments whose reply needs a person (by hand, unknown outcome, failed): the SMC's to act on.
    const posting = rows.filter((r) => r.state === 'posting').map((r) => r.id)
    const trouble = new Set(
      posting.length === 0 || actor.role === 'department'
        ? []
        : (
            await this.db
              .selectDistinct({ id: commentReplies.commentId })
              .from(commentReplies)
              .where(
                and(
                  inArray(commentReplies.commentId, posting),
                  inArray(commentReplies.state, TROUBLE),
                ),
              )
          ).map((r) => r.id),
    )
    return { items: rows.map((r) => summary(r, trouble.has(r.id))) }
  }

  /**
   * How many comments stand in each state (as `list` would show them), how many of those are
   * overdue, and how many wait for the SMC: new ones to route, answers to review, and replies
   * that need her word.
   */
  async counts(
    actor: Actor,
    filters: { department?: string } = {},
    now = new Date(),
  ): Promise<CommentCountsDto> {
    const where = this.visibleWhere(actor, filters, now)
    const rows = await this.db
      .select({ state: comments.state, overdue: comments.overdue, n: count() })
      .from(comments)
      .where(and(...where))
      .groupBy(comments.state, comments.overdue)
    const byState = Object.fromEntries(commentStates.map((s) => [s, 0])) as Record<
      CommentRow['state'],
      number
    >
    let overdue = 0
    for (const r of rows) {
      byState[r.state] += r.n
      if (r.overdue) overdue += r.n
    }
    let replyTrouble = 0
    if (actor.role !== 'department') {
      const [t] = await this.db
        .select({ n: sql<number>`count(distinct ${commentReplies.commentId})::int` })
        .from(commentReplies)
        .innerJoin(comments, eq(comments.id, commentReplies.commentId))
        .where(and(...where, eq(comments.state, 'posting'), inArray(commentReplies.state, TROUBLE)))
      replyTrouble = t?.n ?? 0
    }
    return {
      byState,
      overdue,
      replyTrouble,
      waitingForSmc:
        actor.role === 'department' ? 0 : byState.registered + byState.inReview + replyTrouble,
    }
  }

  private visibleWhere(actor: Actor, filters: { state?: string; department?: string }, now: Date) {
    return [
      // a comment waiting for its hourly registration run is not in anyone's queue yet
      lte(comments.registeredAt, now),
      // a department sees only its own (its filter is ignored); the others may filter
      visibleRows(actor, comments.departmentId) ??
        (filters.department ? eq(comments.departmentId, filters.department) : undefined),
      filters.state
        ? inArray(comments.state, filters.state.split(',') as CommentRow['state'][])
        : undefined,
    ].filter((w) => w !== undefined)
  }

  async get(actor: Actor, id: string, now: Date): Promise<CommentDetailDto> {
    const [row] = await this.db.select().from(comments).where(eq(comments.id, id))
    if (!row || !canSee(actor, row)) throw notFound(COMMENT_NOT_FOUND)
    return this.detail(this.db, row, actor, now)
  }

  /**
   * A person's event: visibility (404), a role that may never send it (403), the version the
   * client saw (409), the checker on the answer's text (422 `answer_blocked` with the issues),
   * then the machine (422). The change, its history row and the ledger rows share one
   * transaction; the row is locked and its version checked again inside it.
   */
  async applyEvent(
    actor: Actor,
    id: string,
    payload: CommentEventPayload,
    expectedVersion: number,
    now: Date,
  ): Promise<CommentDetailDto> {
    const [seen] = await this.db.select().from(comments).where(eq(comments.id, id))
    this.precheck(actor, seen, payload, expectedVersion)
    // The checker runs on the text the event acts on (outside the transaction: it may take a
    // while the first time); the version check below guarantees that text is still the one.
    let check: CheckVerdict | undefined
    if (payload.type === 'SUBMIT_ANSWER' || payload.type === 'APPROVE_ANSWER') {
      const text = (payload.text ?? seen!.context.text).trim()
      const { issues } = await this.quality.check(text, 'answer')
      check = {
        blocking: [...new Set(issues.filter((i) => i.severity === 'block').map((i) => i.rule))],
      }
      if (payload.type === 'SUBMIT_ANSWER' && hasBlockingIssue(issues))
        throw new ApiError(
          422,
          'answer_blocked',
          'Ответ не отправлен: исправьте ошибки, отмеченные в тексте',
          { issues: issues.filter((i) => i.severity === 'block') },
        )
      if (
        payload.type === 'APPROVE_ANSWER' &&
        hasBlockingIssue(issues) &&
        !(payload.override ?? '').trim()
      )
        throw new ApiError(
          422,
          'answer_blocked',
          'В ответе есть ошибки: исправьте их или напишите, почему ответ можно отправить так',
          { issues: issues.filter((i) => i.severity === 'block') },
        )
    }
    const event = { ...payload, check, actor, now: now.toISOString() } as CommentEvent
    const row = await this.db.transaction(async (tx) => {
      const [current] = await tx.select().from(comments).where(eq(comments.id, id)).for('update')
      this.precheck(actor, current, payload, expectedVersion)
      if (payload.type === 'TRIAGE' || payload.type === 'REASSIGN')
        await requireDepartment(tx, payload.departmentId)
      return this.transition(tx, current!, event)
    })
    return this.detail(this.db, row, actor, now)
  }

  /** The system's events (overdue, posted, withdrawn); null when the machine refuses. */
  async applySystemEvent(
    id: string,
    payload: CommentEventPayload,
    now: Date,
  ): Promise<CommentRow | null> {
    const run = async (tx: Tx) => {
      const [current] = await tx
        .select()
        .from(comments)
        .where(eq(comments.id, id))
        .for('update', { skipLocked: true })
      if (!current) return null
      const event = { ...payload, actor: { id: 'system', role: 'system' }, now: now.toISOString() }
      try {
        return await this.transition(tx, current, event as CommentEvent)
      } catch (e) {
        if (e instanceof ApiError && e.status === 422) return null
        throw e
      }
    }
    return this.db.transaction(run)
  }

  /** The citizen deleted the comment: it leaves the queue (when it has not been answered). */
  async withdrawBySource(
    network: 'vk' | 'ok',
    pageId: string,
    postId: string,
    commentId: string,
    now = new Date(),
  ): Promise<boolean> {
    const [row] = await this.db
      .select({ id: comments.id })
      .from(comments)
      .where(
        and(
          eq(comments.network, network),
          eq(comments.pageId, pageId),
          eq(comments.networkPostId, postId),
          eq(comments.networkCommentId, commentId),
        ),
      )
    return !!row && !!(await this.applySystemEvent(row.id, { type: 'WITHDRAWN' }, now))
  }

  /** Records overdue answer clocks (once per clock); returns how many. */
  async sweep(now: Date): Promise<number> {
    const due = await this.db
      .select({ id: comments.id })
      .from(comments)
      .where(
        and(
          inArray(comments.state, ['withDepartment', 'inReview']),
          eq(comments.overdue, false),
          lte(comments.deadlineAt, now),
        ),
      )
      .limit(200)
    let n = 0
    for (const { id } of due)
      if (await this.applySystemEvent(id, { type: 'DEADLINE_PASSED' }, now)) n++
    return n
  }

  private precheck(
    actor: Actor,
    row: CommentRow | undefined,
    payload: CommentEventPayload,
    expectedVersion: number,
  ) {
    if (!row || !canSee(actor, row)) throw notFound(COMMENT_NOT_FOUND)
    if (!mayEverSendComment(actor.role, payload.type))
      throw new ApiError(403, 'forbidden', 'Это действие не для вашей роли')
    if (row.version !== expectedVersion)
      throw new ApiError(
        409,
        'version_conflict',
        'Комментарий уже изменил другой участник: посмотрите, что изменилось',
        { currentVersion: row.version },
      )
  }

  private async transition(tx: Tx, current: CommentRow, event: CommentEvent) {
    const machine = await this.machine(tx)
    const before: StoredCommentState = { value: current.state, context: current.context }
    const verdict = applyCommentEvent(machine, before, event)
    if (!verdict.ok) {
      if (verdict.reason === 'forbidden')
        throw new ApiError(403, 'forbidden', 'Это действие не для вашей роли')
      throw new ApiError(
        422,
        'not_allowed_now',
        NOT_NOW[event.type] ?? 'Сейчас это сделать нельзя',
        {
          state: current.state,
          allowedEvents: allowedCommentEvents(machine, before, event.actor, new Date(event.now)),
        },
      )
    }
    const { value, context } = verdict.state
    const version = current.version + 1
    const running = value === 'withDepartment' || value === 'inReview'
    const clock =
      running && context.clock && context.clock.answeredAt === null ? context.clock : null
    const [updated] = await tx
      .update(comments)
      .set({
        state: value,
        context,
        version,
        departmentId: context.departmentId,
        deadlineAt: clock ? new Date(clock.dueAt) : null,
        overdue: !!clock?.overdueAt,
        updatedAt: new Date(event.now),
      })
      .where(and(eq(comments.id, current.id), eq(comments.version, current.version)))
      .returning()
    if (!updated)
      throw new ApiError(409, 'version_conflict', 'Комментарий уже изменил другой участник')
    const departmentIds = [
      ...new Set([current.departmentId, context.departmentId].filter((d): d is string => !!d)),
    ]
    const [history] = await tx
      .insert(commentHistory)
      .values({
        commentId: current.id,
        event: event.type,
        actorId: event.actor.id,
        actorRole: event.actor.role,
        fromState: current.state,
        toState: value,
        version,
        textVersion: context.textVersion,
        at: new Date(event.now),
        departmentIds,
        payload: historyPayload(event, before.context, context),
      })
      .returning({ id: commentHistory.id })
    // Who is told, outside the tab: queued with the history row, in the same transaction.
    const notices = commentNotificationsFor({
      commentId: current.id,
      text: current.text,
      author: commentAuthorLabel(current.authorName, current.network),
      event: event.type,
      actorId: event.actor.id,
      actorRole: event.actor.role,
      fromState: current.state,
      toState: value,
      context,
      previousDepartmentId: current.departmentId,
      at: event.now,
    })
    await writeOutbox(tx, notices, history!.id, 'c')
    await signal(tx, {
      commentId: current.id,
      event: event.type,
      actorId: event.actor.id,
      state: value,
      version,
      departmentIds,
      notified: notices.length > 0,
    })
    for (const effect of verdict.effects) await this.effects[effect]?.(tx, updated)
    return updated
  }

  /** The reply ledger's rows of a comment, for the SMC (the reply worker hooks in). */
  replyRows: (commentId: string) => Promise<CommentDetailDto['replies']> = async () => []

  /** Side effects the machine names (the reply ledger hooks `enqueueReply` in). */
  effects: Partial<
    Record<'recordTextVersion' | 'enqueueReply', (tx: Tx, row: CommentRow) => Promise<void>>
  > = {}

  private async detail(
    db: Db | Tx,
    row: CommentRow,
    actor: Actor,
    now: Date,
  ): Promise<CommentDetailDto> {
    const machine = await this.machine(db)
    const history = await db
      .select({ h: commentHistory, name: users.name })
      .from(commentHistory)
      .leftJoin(users, eq(users.id, commentHistory.actorId))
      .where(eq(commentHistory.commentId, row.id))
      .orderBy(asc(commentHistory.id))
    // A department sees the comment's past as far as it concerned that department: after a
    // reassignment, not the answer the previous department wrote, nor the SMC's notes to it.
    const visible = history.filter((h) => canSeeChange(actor, h.h.departmentIds))
    const lastSubmit = [...visible].reverse().find((h) => h.h.event === 'SUBMIT_ANSWER')
    const lastWrite = [...history].reverse().find((h) => WRITES_ANSWER.includes(h.h.event))
    const answerVisible = !lastWrite || canSeeChange(actor, lastWrite.h.departmentIds)
    const c = row.context
    const replies = actor.role === 'department' ? [] : await this.replyRows(row.id)
    return {
      ...summary(
        row,
        row.state === 'posting' && replies.some((r) => (TROUBLE as string[]).includes(r.state)),
      ),
      thread: row.thread,
      // the version stays: it is what the next SUBMIT_ANSWER replaces
      answer: answerVisible
        ? { text: c.text, textVersion: c.textVersion, interim: c.interim }
        : { text: '', textVersion: c.textVersion, interim: false },
      submitted: lastSubmit
        ? {
            text: String(lastSubmit.h.payload.text ?? ''),
            interim: lastSubmit.h.payload.interim === true,
          }
        : null,
      approval: answerVisible ? c.approval : null,
      clock: c.clock,
      notes: visibleNotes(c.notes, visible),
      dismissal: c.dismissal,
      interimPostedAt: c.interimPostedAt,
      answeredAt: c.answeredAt,
      links: c.links,
      history: visible.map(({ h, name }) => ({
        id: h.id,
        event: h.event,
        actorName: h.actorId === 'system' ? 'Система' : (name ?? ''),
        actorRole: h.actorRole,
        // a department only ever acts on a comment routed to it: the one the row concerns
        actorDepartmentId: h.actorRole === 'department' ? (h.departmentIds[0] ?? null) : null,
        fromState: h.fromState,
        toState: h.toState,
        at: h.at.toISOString(),
        payload: h.payload,
      })),
      replies,
      allowedEvents: allowedCommentEvents(
        machine,
        { value: row.state, context: row.context },
        actor,
        now,
      ),
    }
  }
}

/** The events that write the answer's text (the department's, or the SMC's on review). */
const WRITES_ANSWER = ['SUBMIT_ANSWER', 'EDIT_ANSWER', 'APPROVE_ANSWER']

/** The history event that adds each kind of note (with the same actor and time). */
const NOTE_EVENT: Record<CommentNote['kind'], string> = {
  returnToDepartment: 'RETURN_TO_DEPARTMENT',
  dismiss: 'DISMISS',
  override: 'APPROVE_ANSWER',
}

/** The notes whose history row this person sees: scoped exactly like the history. */
function visibleNotes(
  notes: CommentNote[],
  visible: Array<{ h: typeof commentHistory.$inferSelect }>,
): CommentNote[] {
  const key = (event: string, by: string, at: string) => `${event} ${by} ${at}`
  const seen = new Set(visible.map(({ h }) => key(h.event, h.actorId, h.at.toISOString())))
  return notes.filter((n) => seen.has(key(NOTE_EVENT[n.kind], n.by, new Date(n.at).toISOString())))
}

/** Reply ledger states that wait for a person: posted by hand, an unknown outcome, a failure. */
const TROUBLE: Array<'manual' | 'unknown' | 'failed'> = ['manual', 'unknown', 'failed']

async function signal(tx: Tx, s: CommentSignal) {
  await tx.execute(sql`select pg_notify(${COMMENTS_CHANNEL}, ${JSON.stringify(s)})`)
}

function summary(row: CommentRow, replyTrouble = false): CommentSummaryDto {
  const clock = row.deadlineAt ? row.context.clock : null
  return {
    id: row.id,
    network: row.network,
    authorName: row.authorName,
    authorUrl: row.authorUrl,
    text: row.text,
    leftAt: row.leftAt.toISOString(),
    registeredAt: row.registeredAt.toISOString(),
    state: row.state,
    departmentId: row.departmentId,
    priority: row.context.priority,
    deadlineAt: row.deadlineAt?.toISOString() ?? null,
    overdue: row.overdue,
    clockKind: clock?.kind ?? null,
    clockStartedAt: clock?.startedAt ?? null,
    replyTrouble,
    version: row.version,
  }
}

/**
 * What the history keeps of an event: its payload without who and when (columns of their own);
 * and, when the event started an answer clock, that clock as it was given (`clock`: kind,
 * department, start, deadline), so the analytics judge each answer by the deadline the
 * department actually had, not by a deadline recomputed with a calendar edited since — as the
 * posts' history does.
 */
export function historyPayload(
  event: CommentEvent,
  before: Pick<CommentContext, 'clock'>,
  after: Pick<CommentContext, 'clock'>,
): Record<string, unknown> {
  const { actor: _a, now: _n, ...rest } = event as CommentEvent & Record<string, unknown>
  const clock = after.clock
  if (clock && clock.number !== before.clock?.number) {
    const { number, kind, departmentId, startedAt, dueAt, provisional } = clock
    return { ...rest, clock: { number, kind, departmentId, startedAt, dueAt, provisional } }
  }
  return rest
}
