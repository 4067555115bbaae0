/**
 * The one way a post changes. Each command reads the post, asks the machine (visibility, the
 * version the client saw, the role, the guards) and hands the verdict to the TransitionWriter.
 * Commands return the post's new row; what to answer is the caller's business (service.ts).
 */
import { randomUUID } from 'node:crypto'
import { and, eq } from 'drizzle-orm'
import {
  allowedEvents,
  applyEvent,
  initialPostState,
  type PostEvent,
  type PostEventPayload,
  type StoredPostState,
} from '../../domain/post-lifecycle'
import { mayEverSend } from '../../domain/post-lifecycle/allowed-events'
import type { Actor } from '../../domain/roles'
import type { Channel } from '../../domain/channels'
import type { CreatePostInput } from '../../shared/api/contract'
import { createPostSchema } from '../../shared/api/contract'
import type { CalendarStore } from '../calendar-store'
import type { ChannelAdapter } from '../channels/adapter'
import type { Db, Tx } from '../db/client'
import { posts } from '../db/schema'
import { requireDepartment } from '../lib/departments'
import { ApiError, forbidden, notFound } from '../lib/errors'
import { enqueuePublications } from '../publishing/ledger'
import type { LatestRows } from './latest-rows'
import type { PostRow } from './read-model'
import {
  notNowText,
  POST_NOT_FOUND,
  refusalText,
  staleScreen,
  textChanged,
  versionConflict,
} from './refusals'
import { derivedColumns, historyPayload, type TransitionWriter } from './transition-writer'
import { canSee } from '../lib/visibility'

/** A person's event is retried this often when another change gets in between read and write. */
const GUARDED_ATTEMPTS = 4

export class PostCommands {
  constructor(
    private readonly db: Db,
    private readonly calendars: CalendarStore,
    private readonly adapters: Record<Channel, ChannelAdapter>,
    private readonly latest: LatestRows,
    private readonly writer: TransitionWriter,
  ) {}

  /** A new request (or the governor's instruction); returns its id. */
  async create(actor: Actor, input: CreatePostInput, now: Date): Promise<string> {
    if (actor.role !== 'editor' && actor.role !== 'governor') {
      throw forbidden('Создавать запросы могут ЦСМ и губернатор')
    }
    const data = createPostSchema.parse(input)
    // The governor's own request is his urgent instruction (оперативное поручение).
    const urgent = actor.role === 'governor' ? true : data.urgent
    const id = randomUUID()
    await this.db.transaction(async (tx) => {
      if (data.departmentId) await requireDepartment(tx, data.departmentId)
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
      await this.writer.appendHistory(tx, {
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
        requesterId: actor.id,
        previousDepartmentId: null,
      })
    })
    return id
  }

  /** A person's event; throws the refusal (403, 404, 409, 422) or returns the new row. */
  async applyEvent(
    actor: Actor,
    postId: string,
    payload: PostEventPayload,
    expectedVersion: number | null,
    now: Date,
  ): Promise<PostRow> {
    return (await this.transition(actor, postId, payload, expectedVersion, now, false))!
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
      for (let attempt = 0; attempt < GUARDED_ATTEMPTS; attempt++) {
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
        const updated = await this.writer.writeGuarded(actor, current!, payload, verdict, now)
        if (updated) {
          this.latest.remember(updated)
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
      if (!updated) throw versionConflict()
      if (verdict.changed.text) {
        await this.writer.insertTextVersion(tx, postId, actor, verdict.state, now)
      }
      if (verdict.effects.includes('enqueuePublications')) {
        await enqueuePublications(tx, postId, verdict.state.context, this.adapters, now)
      }
      const departmentIds = [
        ...new Set([current.departmentId, updated.departmentId].filter((d): d is string => !!d)),
      ]
      await this.writer.appendHistory(tx, {
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
        requesterId: current.createdBy,
        previousDepartmentId: current.departmentId,
      })
      return updated
    })
    if (updated) this.latest.remember(updated)
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
      throw versionConflict({ currentVersion: current.version })
    }
    if (payload.type === 'REASSIGN') await requireDepartment(db, payload.departmentId)
    const { machine } = await this.calendars.current(db)
    const before: StoredPostState = { value: current.state, context: current.context }
    const event = { ...payload, actor, now: now.toISOString() } as PostEvent
    const verdict = applyEvent(machine, before, event)
    if (!verdict.ok && staleScreen(machine, before, event)) {
      // the screen showed an older text: a conflict to show (both texts), not a rule
      throw textChanged({ currentVersion: current.version })
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
}
