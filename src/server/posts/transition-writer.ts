/**
 * How a decided transition is stored: the post's row and its derived columns, the text
 * version, the append-only history row and the NOTIFY that tells every process (see LiveBus).
 * The commands decide; this module only writes what was decided.
 */
import { sql } from 'drizzle-orm'
import type {
  PostContext,
  PostEventPayload,
  PostStateValue,
  StoredPostState,
} from '../../domain/post-lifecycle'
import type { Actor } from '../../domain/roles'
import type { LiveEventDto } from '../../shared/api/contract'
import type { NameDirectory } from '../cache/directory'
import { rawQuery, type Db, type Tx } from '../db/client'
import { postHistory, postVersions } from '../db/schema'
import { outboxFor, writeOutbox, type TransitionFacts } from '../notifications/outbox'
import type { HistoryRecord, PostRowsCache, VersionRecord } from './detail-cache'
import type { PostRow } from './read-model'

/** The NOTIFY channel of live events; the payload is the event itself (LiveBus fans it out). */
export const LIVE_CHANNEL = 'viza_events'

/**
 * The one statement of a person's event (viza_transition, migrations 0007 and 0011). Its text
 * is fixed, so it goes to the driver as it is (`rawQuery`): built by drizzle's `sql` tag it cost
 * about 0.1 ms of the server's thread per event (`npm run bench:api` profile).
 */
const VIZA_TRANSITION = `select viza_transition($1::text, $2::int, $3::int, $4::text, $5::jsonb,
  $6::text, $7::timestamptz, $8::boolean, $9::timestamptz, $10::timestamptz, $11::text, $12::text,
  $13::text, $14::text, $15::int, $16::jsonb, $17::jsonb, $18::text, $19::jsonb, $20::text,
  $21::jsonb, $22::jsonb) as id`

/**
 * Whether a live notice's transition may have queued notifications (the notifier's wake-up).
 * Most events (an edit) queue none; a notice cut for length says nothing, so it counts as yes.
 */
export function noticeQueuedNotifications(payload: string): boolean {
  try {
    return (JSON.parse(payload) as { outbox?: unknown }).outbox !== 0
  } catch {
    return true
  }
}

/** The columns derived from the machine's state, kept for queries and the overdue sweep. */
export function derivedColumns(state: StoredPostState) {
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

/**
 * What the history keeps of an event: its payload, minus the text (kept as a version); and,
 * when the event started a department clock, the deadline it was given (`clock`), so the
 * analytics judge each answer by the deadline the department actually had.
 */
export function historyPayload(
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

export interface HistoryInput {
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
  /** For notifications: who asked, and the department before the event. */
  requesterId: string
  previousDepartmentId: string | null
}

export class TransitionWriter {
  constructor(
    private readonly db: Db,
    private readonly names: NameDirectory,
    private readonly rows: PostRowsCache,
  ) {}

  /**
   * The transition in one statement (`viza_transition`, migrations 0007 and 0011): the post's row (only
   * if it is still at the version the machine decided on — the optimistic lock), the text
   * version, the history row and the NOTIFY, atomically. Returns null when the guard failed. The new rows go into the detail
   * cache, so the answer and the next detail need no read.
   */
  async writeGuarded(
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
    // Notifications outside the tab (issue 13), queued by the same statement: a transition and
    // its outbox rows commit together or not at all.
    const queued = outboxFor({
      postId: current.id,
      title: current.title,
      event: payload.type,
      actorId: actor.id,
      actorRole: actor.role,
      fromState: current.state,
      toState: next.value,
      context: next.context,
      requesterId: current.createdBy,
      previousDepartmentId: current.departmentId,
      at,
    })
    const notice = await this.liveNotice(this.db, actor, {
      postId: current.id,
      title: current.title,
      event: payload.type,
      fromState: current.state,
      toState: next.value,
      version,
      departmentIds,
      outbox: queued.length,
    })
    // One call of viza_transition (migrations 0007, 0011): the post row, its text version, the
    // history row, the outbox rows and the NOTIFY, with plans kept by PL/pgSQL. On PGlite,
    // parsing and planning a statement costs more than these writes, so the call stays bare (a
    // CTE around it cost a third more). Returns null when the version guard failed.
    const [written] = (
      await rawQuery<{ id: number | string | null }>(this.db, VIZA_TRANSITION, [
        current.id,
        current.version,
        version,
        cols.state,
        JSON.stringify(cols.context),
        cols.departmentId,
        iso(cols.deadlineAt),
        cols.overdue,
        iso(cols.scheduledAt),
        at,
        payload.type,
        actor.id,
        actor.role,
        current.state,
        next.context.textVersion,
        JSON.stringify(departmentIds),
        JSON.stringify(stored),
        verdict.changed.text ? next.context.text : null,
        JSON.stringify(media),
        LIVE_CHANNEL,
        notice,
        JSON.stringify(queued),
      ])
    ).rows
    if (written?.id === null || written?.id === undefined) return null
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

  /** A new text version, inside a locked transition's transaction. */
  async insertTextVersion(tx: Tx, postId: string, actor: Actor, state: StoredPostState, now: Date) {
    await tx.insert(postVersions).values({
      postId,
      number: state.context.textVersion,
      text: state.context.text,
      media: state.context.media ?? [],
      authorId: actor.id,
      authorRole: actor.role,
      createdAt: now,
    })
  }

  /** The history row and its NOTIFY, inside a locked transition's (or a creation's) transaction. */
  async appendHistory(tx: Tx, h: HistoryInput) {
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
    const queued = outboxFor({
      postId: h.postId,
      title: h.title,
      event: h.event as TransitionFacts['event'],
      actorId: h.actor.id,
      actorRole: h.actor.role,
      fromState: h.fromState,
      toState: h.state.value,
      context: h.state.context,
      requesterId: h.requesterId,
      previousDepartmentId: h.previousDepartmentId,
      at: h.at.toISOString(),
    })
    await writeOutbox(tx, queued, inserted!.id)
    const notice = await this.liveNotice(tx, h.actor, {
      postId: h.postId,
      title: h.title,
      event: h.event,
      fromState: h.fromState,
      toState: h.state.value,
      version: h.version,
      departmentIds: h.departmentIds,
      outbox: queued.length,
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
      /** How many notifications the transition queued: the notifier wakes only for some. */
      outbox: number
    },
  ): Promise<string> {
    // Inside a transaction, on its connection: PGlite has one, held by the transaction.
    await this.names.ensure(db, [actor.id])
    const { departmentIds, outbox, ...event } = e
    const notice = JSON.stringify({
      departmentIds,
      outbox,
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
