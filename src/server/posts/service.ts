/**
 * The post service: the one object routes, timers and the seed hold. It wires the three sides
 * of a post — commands (how it changes), queries (what people see) and media (its images) —
 * over the caches they share, and decides what a command answers.
 */
import type { PostEventPayload } from '../../domain/post-lifecycle'
import type { Actor } from '../../domain/roles'
import type { Channel } from '../../domain/channels'
import type {
  CreatePostInput,
  PostDetailDto,
  TextVersionDto,
  PostEventAnswerDto,
  PostListDto,
} from '../../shared/api/contract'
import type { postListQuerySchema } from '../../shared/api/contract'
import { NameDirectory } from '../cache/directory'
import type { CalendarStore } from '../calendar-store'
import type { ChannelAdapter } from '../channels/adapter'
import type { Db } from '../db/client'
import { ApiError } from '../lib/errors'
import { PostCommands } from './commands'
import { PostRowsCache } from './detail-cache'
import { LatestRows } from './latest-rows'
import { PostMedia, type UploadedImage } from './media'
import { PostQueries } from './queries'
import { TransitionWriter } from './transition-writer'
import type { z } from 'zod'

export class PostService {
  /** Display names of history actors and version authors (dropped on NOTIFY, see server.ts). */
  readonly names = new NameDirectory()
  private readonly commands: PostCommands
  private readonly queries: PostQueries
  private readonly media: PostMedia

  constructor(db: Db, calendars: CalendarStore, adapters: Record<Channel, ChannelAdapter>) {
    // Shared by both sides: a write appends to them, so the next read needs no query.
    const rows = new PostRowsCache()
    const latest = new LatestRows()
    const writer = new TransitionWriter(db, this.names, rows)
    this.commands = new PostCommands(db, calendars, adapters, latest, writer)
    this.queries = new PostQueries(db, calendars, adapters, latest, rows, this.names)
    this.media = new PostMedia(db)
  }

  async create(actor: Actor, input: CreatePostInput, now: Date): Promise<PostDetailDto> {
    const id = await this.commands.create(actor, input, now)
    return this.queries.get(actor, id, now)
  }

  list(actor: Actor, query: z.input<typeof postListQuerySchema>): Promise<PostListDto> {
    return this.queries.list(actor, query)
  }

  get(actor: Actor, id: string, now: Date): Promise<PostDetailDto> {
    return this.queries.get(actor, id, now)
  }

  version(actor: Actor, id: string, number: number): Promise<TextVersionDto> {
    return this.queries.version(actor, id, number)
  }

  /**
   * A person's event, answered with the post's new state and next actions, not the whole post
   * (see PostEventAnswerDto): the browser already has the rest, and the live stream refreshes it.
   */
  async applyEvent(
    actor: Actor,
    postId: string,
    payload: PostEventPayload,
    expectedVersion: number | null,
    now: Date,
  ): Promise<PostEventAnswerDto> {
    const row = await this.command(actor, postId, payload, expectedVersion, now)
    return this.queries.eventAnswer(actor, row, now)
  }

  /**
   * A stale client (409) gets the whole post as it is now in the error's details, so it can
   * show what changed (both texts for `text_changed`).
   */
  private async command(
    actor: Actor,
    postId: string,
    payload: PostEventPayload,
    expectedVersion: number | null,
    now: Date,
  ) {
    try {
      return await this.commands.applyEvent(actor, postId, payload, expectedVersion, now)
    } catch (e) {
      if (e instanceof ApiError && e.status === 409) {
        const post = await this.queries.get(actor, postId, now)
        throw new ApiError(409, e.code, e.message, { currentVersion: post.version, post })
      }
      throw e
    }
  }

  /** For the server's own timers (sweeper, publisher): false when the event is no longer wanted. */
  applySystemEvent(
    actor: Actor,
    postId: string,
    payload: PostEventPayload,
    now: Date,
  ): Promise<boolean> {
    return this.commands.applySystemEvent(actor, postId, payload, now)
  }

  /** Stores an uploaded image and attaches it as a new content version; answers the post. */
  attachMedia(
    actor: Actor,
    postId: string,
    file: UploadedImage,
    expectedVersion: number,
    now: Date,
  ): Promise<PostDetailDto> {
    return this.media.attach(actor, postId, file, now, async (payload) =>
      this.queries.detail(
        actor,
        await this.command(actor, postId, payload, expectedVersion, now),
        now,
      ),
    )
  }

  mediaFile(actor: Actor, mediaId: string) {
    return this.media.file(actor, mediaId)
  }
}
