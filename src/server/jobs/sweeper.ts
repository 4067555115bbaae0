import { and, asc, eq, lte } from 'drizzle-orm'
import { SYSTEM_ACTOR } from '../../domain/roles'
import type { Db } from '../db/client'
import { posts } from '../db/schema'
import type { Clock } from '../lib/clock'
import { errorFields, type Logger } from '../lib/log'
import type { PostService } from '../posts/service'

/**
 * The server's timers: records overdue department clocks and fires scheduled publications.
 *
 * No job queue: the facts live in the posts table, so a periodic sweep finds what is due, also
 * what fell due while every server was down. Each post is taken with FOR UPDATE SKIP LOCKED
 * and the machine's own guard (overdue once per clock, publish once per schedule), so two
 * processes sweeping the same database never record a fact twice.
 */
export class Sweeper {
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null
  private readonly also: Array<(now: Date) => Promise<void>> = []

  constructor(
    private readonly db: Db,
    private readonly service: PostService,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly intervalMs = 15_000,
  ) {}

  /** More time-driven work for every pass (deadline reminders), after the posts' own. */
  alsoEachPass(work: (now: Date) => Promise<void>) {
    this.also.push(work)
  }

  start() {
    this.timer = setInterval(() => void this.sweep(), this.intervalMs)
    this.timer.unref()
    return this.sweep()
  }

  /** One pass; concurrent calls share the pass in flight. */
  sweep(): Promise<void> {
    this.running ??= this.pass().finally(() => (this.running = null))
    return this.running
  }

  private async pass() {
    const now = this.clock.now()
    try {
      const overdue = await this.db
        .select({ id: posts.id })
        .from(posts)
        .where(
          and(
            eq(posts.state, 'awaitingDepartment'),
            eq(posts.overdue, false),
            lte(posts.deadlineAt, now),
          ),
        )
        .orderBy(asc(posts.deadlineAt))
        .limit(200)
      for (const { id } of overdue) {
        if (
          await this.service.applySystemEvent(SYSTEM_ACTOR, id, { type: 'DEADLINE_PASSED' }, now)
        ) {
          this.log.info('deadline passed', { postId: id })
        }
      }
      const due = await this.db
        .select({ id: posts.id })
        .from(posts)
        .where(and(eq(posts.state, 'approved'), lte(posts.scheduledAt, now)))
        .limit(200)
      for (const { id } of due) {
        if (await this.service.applySystemEvent(SYSTEM_ACTOR, id, { type: 'PUBLISH' }, now)) {
          this.log.info('scheduled publication started', { postId: id })
        }
      }
    } catch (err) {
      this.log.error('sweep failed', errorFields(err))
    }
    for (const work of this.also) {
      try {
        await work(now)
      } catch (err) {
        this.log.error('sweep failed', errorFields(err))
      }
    }
  }

  async stop() {
    if (this.timer) clearInterval(this.timer)
    await this.running
  }
}
