/**
 * The read side: the lists and the post page, assembled from the posts table and the
 * per-process caches (versions and history, names, the calendar). Reads never change a post.
 */
import { and, asc, count, desc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm'
import { allowedEvents, postStates, type PostStateValue } from '../../domain/post-lifecycle'
import type { Actor } from '../../domain/roles'
import type { Channel } from '../../domain/channels'
import type {
  HistoryEntryDto,
  PostDetailDto,
  PostEventAnswerDto,
  PostListDto,
  PostSummaryDto,
  TextVersionDto,
  TextVersionInfoDto,
} from '../../shared/api/contract'
import { postListQuerySchema } from '../../shared/api/contract'
import type { NameDirectory } from '../cache/directory'
import type { CalendarStore } from '../calendar-store'
import type { ChannelAdapter } from '../channels/adapter'
import type { Db } from '../db/client'
import { posts, publications } from '../db/schema'
import { ApiError, notFound } from '../lib/errors'
import { NEEDS_PERSON, toPublicationDto } from '../publishing/ledger'
import type { PostRowsCache } from './detail-cache'
import { awaitingGovernorSince } from './governor-wait'
import type { LatestRows } from './latest-rows'
import { lastSentToGovernor, milestone, toSummary, type People, type PostRow } from './read-model'
import { POST_NOT_FOUND } from './refusals'
import { canSee, visibleRows } from '../lib/visibility'
import type { z } from 'zod'

export class PostQueries {
  constructor(
    private readonly db: Db,
    private readonly calendars: CalendarStore,
    private readonly adapters: Record<Channel, ChannelAdapter>,
    private readonly latest: LatestRows,
    private readonly rows: PostRowsCache,
    private readonly names: NameDirectory,
  ) {}

  async list(actor: Actor, query: z.input<typeof postListQuerySchema>): Promise<PostListDto> {
    const q = postListQuerySchema.parse(query)
    const where: SQL[] = []
    const visible = visibleRows(actor, posts.departmentId)
    if (visible) where.push(visible)
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

  /** The post page: 404 (one wording) when it does not exist or is not this person's to see. */
  async get(actor: Actor, id: string, now: Date): Promise<PostDetailDto> {
    const [row] = await this.db.select().from(posts).where(eq(posts.id, id))
    if (!row || !canSee(actor, row)) throw notFound(POST_NOT_FOUND)
    this.latest.remember(row)
    return this.detail(actor, row, now)
  }

  /** The post page of a row already read or just written (the caches make it query-free). */
  async detail(actor: Actor, row: PostRow, now: Date): Promise<PostDetailDto> {
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
    const versions: TextVersionInfoDto[] = versionRecords.map(({ text, ...v }) => ({
      ...v,
      length: text.length,
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
      departmentMaterial: submitted ? milestone(submitted, versionRecords) : null,
      sentToGovernor: sentUp ? milestone(sentUp, versionRecords) : null,
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

  /** One text version with its text (the post page lists versions without theirs). */
  async version(actor: Actor, id: string, number: number): Promise<TextVersionDto> {
    const [row] = await this.db.select().from(posts).where(eq(posts.id, id))
    if (!row || !canSee(actor, row)) throw notFound(POST_NOT_FOUND)
    const { versions } = await this.rows.load(this.db, row.id, row.version, row.context.textVersion)
    const v = versions.find((x) => x.number === number)
    if (!v) throw notFound(`У этого материала нет версии ${number}`)
    await this.names.ensure(this.db, [v.authorId])
    return { ...v, authorName: this.names.nameOf(v.authorId) }
  }

  /** What an event answers: the new state and what the next actions are judged on. */
  async eventAnswer(actor: Actor, row: PostRow, now: Date): Promise<PostEventAnswerDto> {
    const { machine } = await this.calendars.current(this.db)
    const state = { value: row.state, context: row.context }
    return {
      id: row.id,
      state: row.state,
      version: row.version,
      textVersion: row.context.textVersion,
      text: row.context.text,
      context: row.context,
      allowedEvents: allowedEvents(machine, state, actor, now),
      updatedAt: row.updatedAt.toISOString(),
    }
  }

  private async unitFor() {
    const { calendar } = await this.calendars.current(this.db)
    return (kind: 'regular' | 'urgent') => calendar.policies[kind].unit
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
    const since = await awaitingGovernorSince(
      this.db,
      waiting.map((w) => w.id),
    )
    for (const w of waiting) w.awaitingGovernorSince = since.get(w.id)?.toISOString() ?? null
  }

  /** Which publishing posts have a channel waiting for a person (dashboard's trouble mark). */
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
}

function escapeLike(s: string) {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`)
}
