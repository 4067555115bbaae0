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
  type PostContext,
  type PostEventPayload,
  type PostMachine,
  type PostStateValue,
  type StoredPostState,
} from '../../domain/post-lifecycle'
import { mayEverSend } from '../../domain/post-lifecycle/allowed-events'
import { roleLabels, type Actor } from '../../domain/roles'
import type {
  CreatePostInput,
  HistoryEntryDto,
  LiveEventDto,
  PostDetailDto,
  PostListDto,
  PostSummaryDto,
  TextVersionDto,
} from '../../shared/api/contract'
import { createPostSchema, postListQuerySchema } from '../../shared/api/contract'
import type { CalendarStore } from '../calendar-store'
import type { Db, Tx } from '../db/client'
import { departments, media, postHistory, posts, postVersions, publications } from '../db/schema'
import type { Channel } from '../../domain/channels'
import type { ChannelAdapter } from '../channels/adapter'
import { enqueuePublications, NEEDS_PERSON, toPublicationDto } from '../publishing/publisher'
import { NameDirectory } from '../cache/directory'
import { PostRowsCache, type HistoryRecord, type VersionRecord } from './detail-cache'
import { ApiError, forbidden, notFound } from '../lib/errors'
import { canSee } from './visibility'
import { lastSentToGovernor, milestone, toSummary, type People, type PostRow } from './read-model'
import type { z } from 'zod'

export const LIVE_CHANNEL = 'viza_events'

const POST_NOT_FOUND = 'Пост не найден или у вас нет к нему доступа'

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
  /** Versions and history already read or written by this process (append-only rows). */
  private readonly rows = new PostRowsCache()
  /** Display names of history actors and version authors. */
  readonly names = new NameDirectory()
  /**
   * The newest row this process has read or written of recently used posts. Only a hint: an
   * event decides on it but writes only if the post is still at that version, and any refusal
   * is decided again on a fresh read.
   */
  private readonly latest = new Map<string, PostRow>()

  private remember(row: PostRow) {
    const known = this.latest.get(row.id)
    if (known && known.version > row.version) return
    this.latest.delete(row.id)
    this.latest.set(row.id, row)
    if (this.latest.size > 1_000) {
      const oldest = this.latest.keys().next().value
      if (oldest !== undefined) this.latest.delete(oldest)
    }
  }

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
        title: data.title,
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
    await this.names.ensure(this.db, ids)
    return new Map(
      [...ids].map((id) => [
        id,
        { name: this.names.nameOf(id), role: this.names.roleOf(id) ?? '' },
      ]),
    )
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
    this.remember(row)
    return this.detail(actor, row, now)
  }

  private async detail(actor: Actor, row: PostRow, now: Date): Promise<PostDetailDto> {
    const { history: historyRecords, versions: versionRecords } = await this.rows.load(
      this.db,
      row.id,
      row.version,
      row.context.textVersion,
    )
    await this.names.ensure(this.db, [
      ...historyRecords.map((h) => h.actorId),
      ...versionRecords.map((v) => v.authorId),
    ])
    const { calendar, machine } = await this.calendars.current(this.db)
    const unit = (kind: 'regular' | 'urgent') => calendar.policies[kind].unit
    // Ledger rows exist only once the post has gone to publishing.
    const ledger = historyRecords.some((h) => h.toState === 'publishing')
      ? await this.db
          .select()
          .from(publications)
          .where(eq(publications.postId, row.id))
          .orderBy(asc(publications.id))
      : []
    const versions: TextVersionDto[] = versionRecords.map((v) => ({
      ...v,
      authorName: this.names.nameOf(v.authorId),
    }))
    const history: HistoryEntryDto[] = historyRecords.map((h) => ({
      ...h,
      actorName: this.names.nameOf(h.actorId),
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
    // A person's event: one read and one guarded write, no transaction held open between them.
    // The system's timers, reassignment (which checks the department in the same transaction)
    // and the move to publishing (which writes the ledger rows with it) take the locked path.
    if (!skipLocked && payload.type !== 'REASSIGN') {
      for (let attempt = 0; attempt < 4; attempt++) {
        const cached = attempt === 0 ? this.latest.get(postId) : undefined
        const current =
          cached ?? (await this.db.select().from(posts).where(eq(posts.id, postId)))[0]
        let verdict
        try {
          verdict = await this.decide(this.db, actor, current, payload, expectedVersion, now)
        } catch (e) {
          if (cached) continue // refuse only on what the database says now
          throw e
        }
        if (verdict.effects.includes('enqueuePublications')) break
        const updated = await this.writeUnlocked(actor, current!, payload, verdict, now)
        if (updated) {
          this.remember(updated)
          return updated
        }
        // Someone else changed the post since that row was read: decide again.
      }
    }
    const updated = await this.db.transaction(async (tx) => {
      const [current] = await tx
        .select()
        .from(posts)
        .where(eq(posts.id, postId))
        .for('update', skipLocked ? { skipLocked: true } : {})
      if (!current && skipLocked) return null
      const verdict = await this.decide(tx, actor, current, payload, expectedVersion, now)
      if (!current) return null // decide() threw already; for the type checker
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
      if (verdict.effects.includes('enqueuePublications')) {
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
        payload: historyPayload(payload, current.context, verdict.state.context),
        title: current.title,
      })
      return updated
    })
    if (updated) this.remember(updated)
    return updated
  }

  /** Visibility, the version the client saw, and the machine's verdict; throws a refusal. */
  private async decide(
    db: Db | Tx,
    actor: Actor,
    current: PostRow | undefined,
    payload: PostEventPayload,
    expectedVersion: number | null,
    now: Date,
  ) {
    if (!current || !canSee(actor, current)) throw notFound(POST_NOT_FOUND)
    // A role that may never send this event hears so whatever version it saw (403, not 409).
    if (!mayEverSend(actor.role, payload.type)) throw forbidden(refusalText(actor, payload.type))
    if (expectedVersion !== null && current.version !== expectedVersion) {
      throw new ApiError(
        409,
        'version_conflict',
        'Пост уже изменил другой участник: посмотрите, что изменилось',
        { currentVersion: current.version },
      )
    }
    if (payload.type === 'REASSIGN') await this.requireDepartment(db, payload.departmentId)
    const { machine } = await this.calendars.current(db)
    const before: StoredPostState = { value: current.state, context: current.context }
    const event = { ...payload, actor, now: now.toISOString() } as PostEvent
    const verdict = applyEvent(machine, before, event)
    if (!verdict.ok && staleScreen(machine, before, event)) {
      // the screen showed an older text: a conflict to show (both texts), not a rule
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
    return verdict
  }

  /**
   * The transition in one statement: the post's row (only if it is still at the version the
   * machine decided on — the optimistic lock), the text version, the history row and the NOTIFY,
   * atomically. Returns null when the guard failed. The new rows go into the detail cache.
   */
  private async writeUnlocked(
    actor: Actor,
    current: PostRow,
    payload: PostEventPayload,
    verdict: { state: StoredPostState; changed: { text: boolean } },
    now: Date,
  ): Promise<PostRow | null> {
    const next = verdict.state
    const cols = derivedColumns(next)
    const version = current.version + 1
    const at = now.toISOString()
    const iso = (d: Date | null) => d?.toISOString() ?? null
    const departmentIds = [
      ...new Set([current.departmentId, cols.departmentId].filter((d): d is string => !!d)),
    ]
    const stored = JSON.parse(
      JSON.stringify(historyPayload(payload, current.context, next.context)),
    ) as Record<string, unknown>
    const media = next.context.media ?? []
    const notice = await this.liveNotice(this.db, actor, {
      postId: current.id,
      title: current.title,
      event: payload.type,
      fromState: current.state,
      toState: next.value,
      version,
      departmentIds,
    })
    const textRow = verdict.changed.text
      ? sql`, tv as (
          insert into post_versions (post_id, number, text, media, author_id, author_role, created_at)
          select id, ${next.context.textVersion}::int, ${next.context.text}::text,
            ${JSON.stringify(media)}::jsonb, ${actor.id}::text, ${actor.role}::text, ${at}::timestamptz
          from u)`
      : sql``
    const result = await this.db.execute(sql`
      with u as (
        update posts set state = ${cols.state}::text, context = ${JSON.stringify(cols.context)}::jsonb,
          department_id = ${cols.departmentId}::text, deadline_at = ${iso(cols.deadlineAt)}::timestamptz,
          overdue = ${cols.overdue}::boolean, scheduled_at = ${iso(cols.scheduledAt)}::timestamptz,
          version = ${version}::int, updated_at = ${at}::timestamptz
        where id = ${current.id}::text and version = ${current.version}::int
        returning id
      )${textRow},
      h as (
        insert into post_history (post_id, event, actor_id, actor_role, from_state, to_state,
          version, text_version, at, department_ids, payload)
        select id, ${payload.type}::text, ${actor.id}::text, ${actor.role}::text,
          ${current.state}::text, ${next.value}::text, ${version}::int,
          ${next.context.textVersion}::int, ${at}::timestamptz,
          ${JSON.stringify(departmentIds)}::jsonb, ${JSON.stringify(stored)}::jsonb
        from u
        returning id
      )
      select id, pg_notify(${LIVE_CHANNEL}, (${notice}::jsonb || jsonb_build_object('id', id))::text)
      from h`)
    const [written] = (result as unknown as { rows: Array<{ id: number | string }> }).rows
    if (!written) return null
    const history: HistoryRecord = {
      id: Number(written.id),
      event: payload.type,
      actorId: actor.id,
      actorRole: actor.role,
      fromState: current.state,
      toState: next.value,
      version,
      textVersion: next.context.textVersion,
      at,
      payload: stored,
    }
    const text: VersionRecord | null = verdict.changed.text
      ? {
          number: next.context.textVersion,
          text: next.context.text,
          media,
          authorId: actor.id,
          authorRole: actor.role,
          createdAt: at,
        }
      : null
    this.rows.append(
      current.id,
      { version: current.version, textNumber: current.context.textVersion },
      history,
      text,
    )
    return { ...current, ...cols, version, updatedAt: now }
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
      title: string
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
    const notice = await this.liveNotice(tx, h.actor, {
      postId: h.postId,
      title: h.title,
      event: h.event,
      fromState: h.fromState,
      toState: h.state.value,
      version: h.version,
      departmentIds: h.departmentIds,
    })
    // Delivered on commit, to this process and every other one on the same database.
    await tx.execute(
      sql`select pg_notify(${LIVE_CHANNEL}, (${notice}::jsonb || jsonb_build_object('id', ${inserted!.id}::bigint))::text)`,
    )
  }

  /**
   * The live event of a new history row, less its id (added by the database), as the NOTIFY
   * payload: every process can then fan it out without reading it back (see LiveBus).
   */
  private async liveNotice(
    db: Db | Tx,
    actor: Actor,
    e: Omit<LiveEventDto, 'id' | 'actorId' | 'actorName' | 'actorRole' | 'event'> & {
      event: string
      departmentIds: string[]
    },
  ): Promise<string> {
    // Inside a transaction, on its connection: PGlite has one, held by the transaction.
    await this.names.ensure(db, [actor.id])
    const { departmentIds, ...event } = e
    const notice = JSON.stringify({
      departmentIds,
      event: {
        ...event,
        actorId: actor.id,
        actorName: this.names.nameOf(actor.id),
        actorRole: actor.role,
      },
    })
    // NOTIFY payloads stop at 8000 bytes: a longer one is announced by id only.
    return Buffer.byteLength(notice) > 7_000 ? '{}' : notice
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

/**
 * What the history keeps of an event: its payload, minus the text (kept as a version); and,
 * when the event started a department clock, the deadline it was given (`clock`), so the
 * analytics judge each answer by the deadline the department actually had.
 */
function historyPayload(
  payload: PostEventPayload,
  before: PostContext,
  after: PostContext,
): Record<string, unknown> {
  const { type: _type, ...rest } = payload as Record<string, unknown>
  if ('text' in rest) {
    delete rest.text
  }
  const clock = after.clock
  if (clock && clock.number !== before.clock?.number) {
    rest.clock = {
      kind: clock.kind,
      departmentId: clock.departmentId,
      dueAt: clock.dueAt,
      provisional: clock.provisional,
    }
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
