import { createHash, randomUUID } from 'node:crypto'
import { and, asc, count, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm'
import {
  applyEvent,
  allowedEvents,
  initialPostState,
  postStates,
  stateLabels,
  eventLabels,
  type PostEventType,
  type PostEvent,
  type MediaRef,
  type PostEventPayload,
  type PostMachine,
  type PostStateValue,
  type StoredPostState,
} from '../../domain/post-lifecycle'
import { mayEverSend } from '../../domain/post-lifecycle/allowed-events'
import { roleLabels, type Actor } from '../../domain/roles'
import { personLabel } from '../../domain/post-lifecycle/wording'
import type {
  CreatePostInput,
  HistoryEntryDto,
  PostDetailDto,
  PostListDto,
  PostSummaryDto,
  TextVersionDto,
} from '../../shared/api/contract'
import { createPostSchema, postListQuerySchema } from '../../shared/api/contract'
import type { CalendarStore } from '../calendar-store'
import type { Db, Tx } from '../db/client'
import {
  departments,
  media,
  postHistory,
  posts,
  postVersions,
  publications,
  users,
} from '../db/schema'
import type { Channel } from '../../domain/channels'
import type { ChannelAdapter } from '../channels/adapter'
import { enqueuePublications, NEEDS_PERSON, toPublicationDto } from '../publishing/publisher'
import { ApiError, forbidden, notFound } from '../lib/errors'
import type { z } from 'zod'

export const LIVE_CHANNEL = 'viza_events'

const POST_NOT_FOUND = 'Пост не найден или у вас нет к нему доступа'

type PostRow = typeof posts.$inferSelect

/** What a signed-in person may see: a department contact sees only its own department's posts. */
export function canSee(actor: Actor, row: { departmentId: string | null }) {
  if (actor.role !== 'department') return true
  return !!actor.departmentId && row.departmentId === actor.departmentId
}

/** Who is who, for the names and roles a summary shows. */
type People = Map<string, { name: string; role: string }>

/** The last return, while the post still stands where it was returned to. */
function lastReturn(row: PostRow, people: People): PostSummaryDto['lastReturn'] {
  const last = row.context.comments.at(-1)
  if (!last) return null
  const stands =
    (last.kind === 'returnToEditor' && row.state === 'editing') ||
    (last.kind === 'returnToDepartment' && row.state === 'awaitingDepartment')
  if (!stands) return null
  return {
    kind: last.kind as 'returnToEditor' | 'returnToDepartment',
    text: last.text,
    byName: personLabel(people.get(last.by)?.name ?? '', last.role),
    at: last.at,
  }
}

function toSummary(
  row: PostRow,
  policiesUnit: (kind: 'regular' | 'urgent') => PostSummaryDto['deadlineUnit'],
  people: People,
): PostSummaryDto {
  const clock = row.context.clock
  const running = row.state === 'awaitingDepartment' && clock
  return {
    byGovernor: people.get(row.createdBy)?.role === 'governor',
    publishedAt: row.context.publishedAt ?? null,
    links: row.context.links ?? [],
    lastReturn: lastReturn(row, people),
    id: row.id,
    title: row.title,
    brief: row.brief,
    departmentId: row.departmentId,
    urgent: row.urgent,
    channels: row.channels,
    plannedAt: row.plannedAt?.toISOString() ?? null,
    state: row.state,
    version: row.version,
    deadlineAt: running ? clock.dueAt : null,
    deadlineUnit: running ? policiesUnit(clock.kind) : null,
    deadlineProvisional: running ? clock.provisional : false,
    clockStartedAt: running ? clock.startedAt : null,
    overdue: row.overdue,
    scheduledAt: row.scheduledAt?.toISOString() ?? null,
    awaitingGovernorSince: null,
    publicationTrouble: false,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

/** The columns derived from the machine's state, kept for queries and the overdue sweep. */
function derivedColumns(state: StoredPostState) {
  const clock = state.context.clock
  const running = state.value === 'awaitingDepartment' && clock
  return {
    state: state.value,
    context: state.context,
    departmentId: state.context.departmentId,
    deadlineAt: running ? new Date(clock.dueAt) : null,
    overdue: running ? clock.overdueAt !== null : false,
    scheduledAt:
      state.value === 'approved' && state.context.scheduledAt
        ? new Date(state.context.scheduledAt)
        : null,
  }
}

export class PostService {
  constructor(
    private readonly db: Db,
    private readonly calendars: CalendarStore,
    private readonly adapters: Record<Channel, ChannelAdapter>,
  ) {}

  private async unitFor() {
    const { calendar } = await this.calendars.current(this.db)
    return (kind: 'regular' | 'urgent') => calendar.policies[kind].unit
  }

  async create(actor: Actor, input: CreatePostInput, now: Date): Promise<PostDetailDto> {
    if (actor.role !== 'editor' && actor.role !== 'governor') {
      throw forbidden('Создавать запросы могут ЦСМ и губернатор')
    }
    const data = createPostSchema.parse(input)
    // The governor's own request is his urgent instruction (оперативное поручение).
    const urgent = actor.role === 'governor' ? true : data.urgent
    const id = randomUUID()
    await this.db.transaction(async (tx) => {
      if (data.departmentId) await this.requireDepartment(tx, data.departmentId)
      const { machine } = await this.calendars.current(tx)
      const state = initialPostState(machine, {
        departmentId: data.departmentId ?? null,
        urgent,
        channels: data.channels,
      })
      await tx.insert(posts).values({
        id,
        title: data.title,
        brief: data.brief,
        urgent,
        channels: data.channels,
        plannedAt: data.plannedAt ? new Date(data.plannedAt) : null,
        version: 1,
        createdBy: actor.id,
        createdAt: now,
        updatedAt: now,
        ...derivedColumns(state),
      })
      await this.appendHistory(tx, {
        postId: id,
        event: 'CREATED',
        actor,
        fromState: null,
        state,
        version: 1,
        at: now,
        departmentIds: state.context.departmentId ? [state.context.departmentId] : [],
        payload: { title: data.title, urgent },
      })
    })
    return this.get(actor, id, now)
  }

  private async requireDepartment(tx: Tx | Db, id: string) {
    const [dep] = await tx.select().from(departments).where(eq(departments.id, id))
    if (!dep || !dep.active) {
      throw new ApiError(422, 'unknown_department', 'Такого действующего департамента нет', {
        departmentId: id,
      })
    }
  }

  async list(actor: Actor, query: z.input<typeof postListQuerySchema>): Promise<PostListDto> {
    const q = postListQuerySchema.parse(query)
    const where: SQL[] = []
    if (actor.role === 'department') where.push(eq(posts.departmentId, actor.departmentId ?? '—'))
    if (q.state) {
      const states = q.state
        .split(',')
        .filter((s): s is PostStateValue => postStates.includes(s as PostStateValue))
      if (states.length === 0)
        throw new ApiError(400, 'bad_request', `Неизвестное состояние: ${q.state}`)
      where.push(inArray(posts.state, states))
    }
    if (q.department) where.push(eq(posts.departmentId, q.department))
    if (q.overdue) where.push(eq(posts.overdue, q.overdue === 'true'))
    if (q.urgent) where.push(eq(posts.urgent, q.urgent === 'true'))
    if (q.mine === 'true') where.push(eq(posts.createdBy, actor.id))
    if (q.q)
      where.push(
        or(ilike(posts.title, `%${escapeLike(q.q)}%`), ilike(posts.brief, `%${escapeLike(q.q)}%`))!,
      )
    const condition = where.length ? and(...where) : undefined
    const [rows, [total]] = await Promise.all([
      this.db
        .select()
        .from(posts)
        .where(condition)
        .orderBy(
          desc(posts.overdue),
          asc(sql`coalesce(${posts.deadlineAt}, ${posts.plannedAt}, 'infinity')`),
          desc(posts.updatedAt),
        )
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      this.db.select({ n: count() }).from(posts).where(condition),
    ])
    const [unit, people] = await Promise.all([this.unitFor(), this.people(rows)])
    const summaries = rows.map((r) => toSummary(r, unit, people))
    await this.fillGovernorWait(summaries)
    await this.fillPublicationTrouble(summaries)
    return { items: summaries, total: total?.n ?? 0, page: q.page, pageSize: q.pageSize }
  }

  /** The creators and the authors of the last comments of these posts, in one query. */
  private async people(rows: PostRow[]): Promise<People> {
    const ids = new Set<string>()
    for (const r of rows) {
      ids.add(r.createdBy)
      const by = r.context.comments.at(-1)?.by
      if (by) ids.add(by)
    }
    if (ids.size === 0) return new Map()
    const found = await this.db
      .select({ id: users.id, name: users.name, role: users.role })
      .from(users)
      .where(inArray(users.id, [...ids]))
    return new Map(found.map((u) => [u.id, { name: u.name, role: u.role }]))
  }

  /** When each post awaiting the governor was sent up: his "how long has it waited". */
  private async fillGovernorWait(items: PostSummaryDto[]) {
    const waiting = items.filter((i) => i.state === 'awaitingGovernor')
    if (!waiting.length) return
    const rows = await this.db
      .select({ postId: postHistory.postId, at: sql<Date>`max(${postHistory.at})` })
      .from(postHistory)
      .where(
        and(
          inArray(
            postHistory.postId,
            waiting.map((w) => w.id),
          ),
          eq(postHistory.toState, 'awaitingGovernor'),
          sql`${postHistory.fromState} <> 'awaitingGovernor'`,
        ),
      )
      .groupBy(postHistory.postId)
    const byId = new Map(rows.map((r) => [r.postId, new Date(r.at).toISOString()]))
    for (const w of waiting) w.awaitingGovernorSince = byId.get(w.id) ?? null
  }

  private async fillPublicationTrouble(items: PostSummaryDto[]) {
    const publishing = items.filter((i) => i.state === 'publishing').map((i) => i.id)
    if (!publishing.length) return
    const rows = await this.db
      .select({ postId: publications.postId })
      .from(publications)
      .where(
        and(
          inArray(publications.postId, publishing),
          inArray(publications.state, [...NEEDS_PERSON]),
        ),
      )
    const troubled = new Set(rows.map((r) => r.postId))
    for (const i of items) i.publicationTrouble = troubled.has(i.id)
  }

  async get(actor: Actor, id: string, now: Date): Promise<PostDetailDto> {
    const [row] = await this.db.select().from(posts).where(eq(posts.id, id))
    if (!row || !canSee(actor, row)) throw notFound(POST_NOT_FOUND)
    return this.detail(actor, row, now)
  }

  private async detail(actor: Actor, row: PostRow, now: Date): Promise<PostDetailDto> {
    const [versionRows, historyRows, unit, { machine }, ledger] = await Promise.all([
      this.db
        .select({ v: postVersions, name: users.name })
        .from(postVersions)
        .leftJoin(users, eq(users.id, postVersions.authorId))
        .where(eq(postVersions.postId, row.id))
        .orderBy(asc(postVersions.number)),
      this.db
        .select({ h: postHistory, name: users.name })
        .from(postHistory)
        .leftJoin(users, eq(users.id, postHistory.actorId))
        .where(eq(postHistory.postId, row.id))
        .orderBy(asc(postHistory.id)),
      this.unitFor(),
      this.calendars.current(this.db),
      this.db
        .select()
        .from(publications)
        .where(eq(publications.postId, row.id))
        .orderBy(asc(publications.id)),
    ])
    const versions: TextVersionDto[] = versionRows.map(({ v, name }) => ({
      number: v.number,
      text: v.text,
      media: v.media,
      authorId: v.authorId,
      authorName: name ?? 'Система',
      authorRole: v.authorRole,
      createdAt: v.createdAt.toISOString(),
    }))
    const history: HistoryEntryDto[] = historyRows.map(({ h, name }) => ({
      id: h.id,
      event: h.event as HistoryEntryDto['event'],
      actorId: h.actorId,
      actorName: name ?? 'Система',
      actorRole: h.actorRole,
      fromState: (h.fromState as PostStateValue | null) ?? null,
      toState: h.toState as PostStateValue,
      version: h.version,
      textVersion: h.textVersion,
      at: h.at.toISOString(),
      payload: h.payload,
    }))
    const summary = toSummary(row, unit, await this.people([row]))
    const sentUp = lastSentToGovernor(history)
    if (row.state === 'awaitingGovernor') summary.awaitingGovernorSince = sentUp?.at ?? null
    const submitted = history.findLast((h) => h.event === 'SUBMIT_DRAFT')
    const detail: PostDetailDto = {
      ...summary,
      departmentMaterial: submitted ? milestone(submitted) : null,
      sentToGovernor: sentUp ? milestone(sentUp) : null,
      text: row.context.text,
      textVersion: row.context.textVersion,
      context: row.context,
      versions,
      history,
      allowedEvents: allowedEvents(machine, { value: row.state, context: row.context }, actor, now),
      publications: ledger.map((r) => toPublicationDto(r, this.adapters)),
    }
    if (summary.state === 'publishing') {
      detail.publicationTrouble = detail.publications.some((p) => NEEDS_PERSON.includes(p.state))
    }
    return detail
  }

  /**
   * The one way a post changes: lock the row, check the version, ask the machine, then write
   * the new state, the text version and the history row in one transaction, and notify.
   */
  async applyEvent(
    actor: Actor,
    postId: string,
    payload: PostEventPayload,
    expectedVersion: number | null,
    now: Date,
  ): Promise<PostDetailDto> {
    try {
      const row = await this.transition(actor, postId, payload, expectedVersion, now, false)
      return await this.detail(actor, row!, now)
    } catch (e) {
      // A stale client gets the post as it is now, so it can show what changed.
      if (e instanceof ApiError && e.status === 409) {
        const post = await this.get(actor, postId, now)
        throw new ApiError(409, e.code, e.message, { currentVersion: post.version, post })
      }
      throw e
    }
  }

  /**
   * Stores an uploaded image and attaches it through the machine (ATTACH_MEDIA), as a new
   * content version. If the machine refuses, the stored bytes are removed again.
   */
  async attachMedia(
    actor: Actor,
    postId: string,
    file: { name: string; mime: MediaRef['mime']; bytes: Buffer },
    expectedVersion: number,
    now: Date,
  ): Promise<PostDetailDto> {
    const [row] = await this.db.select().from(posts).where(eq(posts.id, postId))
    if (!row || !canSee(actor, row)) throw notFound(POST_NOT_FOUND)
    const ref: MediaRef = {
      id: randomUUID(),
      name: file.name,
      mime: file.mime,
      bytes: file.bytes.length,
      sha256: createHash('sha256').update(file.bytes).digest('hex'),
    }
    await this.db.insert(media).values({
      id: ref.id,
      postId,
      name: ref.name,
      mime: ref.mime,
      size: ref.bytes,
      sha256: ref.sha256,
      bytes: file.bytes,
      createdBy: actor.id,
      createdAt: now,
    })
    try {
      return await this.applyEvent(
        actor,
        postId,
        { type: 'ATTACH_MEDIA', media: ref },
        expectedVersion,
        now,
      )
    } catch (e) {
      await this.db.delete(media).where(eq(media.id, ref.id))
      throw e
    }
  }

  async mediaFile(actor: Actor, mediaId: string) {
    const [row] = await this.db
      .select({ m: media, departmentId: posts.departmentId })
      .from(media)
      .innerJoin(posts, eq(posts.id, media.postId))
      .where(eq(media.id, mediaId))
    if (!row || !canSee(actor, { departmentId: row.departmentId }))
      throw notFound('Фото не найдено или у вас нет к нему доступа')
    return row.m
  }

  /**
   * For the server's own timers: skips a post another process is handling right now, and
   * returns false when the machine no longer wants the event (someone got there first).
   */
  async applySystemEvent(
    actor: Actor,
    postId: string,
    payload: PostEventPayload,
    now: Date,
  ): Promise<boolean> {
    try {
      return (await this.transition(actor, postId, payload, null, now, true)) !== null
    } catch (e) {
      if (e instanceof ApiError && (e.status === 422 || e.status === 409)) return false
      throw e
    }
  }

  private async transition(
    actor: Actor,
    postId: string,
    payload: PostEventPayload,
    expectedVersion: number | null,
    now: Date,
    skipLocked: boolean,
  ): Promise<PostRow | null> {
    return this.db.transaction(async (tx) => {
      const [current] = await tx
        .select()
        .from(posts)
        .where(eq(posts.id, postId))
        .for('update', skipLocked ? { skipLocked: true } : {})
      if (!current && skipLocked) return null
      if (!current || !canSee(actor, current)) throw notFound(POST_NOT_FOUND)
      // A role that may never send this event hears so whatever version it saw (403, not 409).
      if (!mayEverSend(actor.role, payload.type)) throw forbidden(refusalText(actor, payload.type))
      if (expectedVersion !== null && current.version !== expectedVersion) {
        throw new ApiError(
          409,
          'version_conflict',
          'Пост уже изменил другой участник: посмотрите, что изменилось',
          {
            currentVersion: current.version,
          },
        )
      }
      if (payload.type === 'REASSIGN') await this.requireDepartment(tx, payload.departmentId)
      const { machine } = await this.calendars.current(tx)
      const before: StoredPostState = { value: current.state, context: current.context }
      const event = { ...payload, actor, now: now.toISOString() } as PostEvent
      const verdict = applyEvent(machine, before, event)
      if (!verdict.ok && staleScreen(machine, before, event)) {
        throw new ApiError(
          409,
          'text_changed',
          'Пока вы смотрели на текст, его изменил другой участник. Ваш текст не потерян: сравните его с новым.',
          { currentVersion: current.version },
        )
      }
      if (!verdict.ok) {
        if (verdict.reason === 'forbidden') throw forbidden(refusalText(actor, payload.type))
        throw new ApiError(422, 'not_allowed_now', notNowText(payload.type, current.state), {
          state: current.state,
          allowedEvents: allowedEvents(machine, before, actor, now),
        })
      }
      const version = current.version + 1
      const [updated] = await tx
        .update(posts)
        .set({ ...derivedColumns(verdict.state), version, updatedAt: now })
        .where(and(eq(posts.id, postId), eq(posts.version, current.version)))
        .returning()
      if (!updated)
        throw new ApiError(
          409,
          'version_conflict',
          'Пост уже изменил другой участник: посмотрите, что изменилось',
        )
      if (verdict.changed.text) {
        await tx.insert(postVersions).values({
          postId,
          number: verdict.state.context.textVersion,
          text: verdict.state.context.text,
          media: verdict.state.context.media ?? [],
          authorId: actor.id,
          authorRole: actor.role,
          createdAt: now,
        })
      }
      if (verdict.state.value === 'publishing' && current.state !== 'publishing') {
        await enqueuePublications(tx, postId, verdict.state.context, this.adapters, now)
      }
      const departmentIds = [
        ...new Set([current.departmentId, updated.departmentId].filter((d): d is string => !!d)),
      ]
      await this.appendHistory(tx, {
        postId,
        event: payload.type,
        actor,
        fromState: current.state,
        state: verdict.state,
        version,
        at: now,
        departmentIds,
        payload: historyPayload(payload),
      })
      return updated
    })
  }

  private async appendHistory(
    tx: Tx,
    h: {
      postId: string
      event: string
      actor: Actor
      fromState: PostStateValue | null
      state: StoredPostState
      version: number
      at: Date
      departmentIds: string[]
      payload: Record<string, unknown>
    },
  ) {
    const [inserted] = await tx
      .insert(postHistory)
      .values({
        postId: h.postId,
        event: h.event,
        actorId: h.actor.id,
        actorRole: h.actor.role,
        fromState: h.fromState,
        toState: h.state.value,
        version: h.version,
        textVersion: h.state.context.textVersion,
        at: h.at,
        departmentIds: h.departmentIds,
        payload: h.payload,
      })
      .returning({ id: postHistory.id })
    // Delivered on commit, to this process and every other one on the same database.
    await tx.execute(sql`select pg_notify(${LIVE_CHANNEL}, ${String(inserted!.id)})`)
  }
}

/**
 * Refused only because the person's screen showed an older text version: the same event on
 * the current version would be accepted. That is a conflict to show (409), not a rule (422).
 */
function staleScreen(machine: PostMachine, state: StoredPostState, event: PostEvent): boolean {
  if (!('textVersion' in event) || event.textVersion === undefined) return false
  if (event.textVersion === state.context.textVersion) return false
  return applyEvent(machine, state, { ...event, textVersion: state.context.textVersion }).ok
}

/** The last time the post went up to the governor (edits while he has it do not count). */
export function lastSentToGovernor<T extends { toState: string; fromState: string | null }>(
  history: readonly T[],
): T | undefined {
  return history.findLast((h) => h.toState === 'awaitingGovernor' && h.fromState !== h.toState)
}

const milestone = (h: HistoryEntryDto) => ({
  textVersion: h.textVersion,
  at: h.at,
  byName: h.actorName,
})

/** What the history keeps of an event: its payload, minus the text (kept as a version). */
function historyPayload(payload: PostEventPayload): Record<string, unknown> {
  const { type: _type, ...rest } = payload as Record<string, unknown>
  if ('text' in rest) {
    delete rest.text
  }
  return rest
}

function escapeLike(s: string) {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`)
}

function refusalText(actor: Actor, type: PostEventType) {
  return `Роль «${roleLabels[actor.role]}» не может выполнять действие «${eventLabels[type]}»`
}

function notNowText(type: PostEventType, state: PostStateValue) {
  return `Действие «${eventLabels[type]}» сейчас недоступно: публикация в состоянии «${stateLabels[state].toLowerCase()}»`
}
