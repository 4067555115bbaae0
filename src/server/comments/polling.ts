/**
 * Catch-up polling: what the VK callback missed (Viza down, the callback misconfigured) and OK,
 * which has no callback at all. On a timer (and at start), for each network whose adapter can
 * read comments, every post Viza published there within the window is read page by page, and
 * each citizen's comment is registered like the callback's: once per (network, page, post,
 * comment) — the unique index makes a comment the callback already stored a repeat — with the
 * registration rhythm from the time the citizen left it. A deleted comment is withdrawn like
 * `wall_reply_delete`. A failed read (rate limit, 5xx, timeout) stops that network's pass and is
 * tried again later: reading has no side effects and registering is idempotent, so nothing is
 * lost or stored twice, and nothing a read does can take the server down.
 */
import { and, desc, eq, gte, isNotNull } from 'drizzle-orm'
import { registrationTime, type IntakeRhythm } from '../../domain/comment-lifecycle/intake'
import type { Channel } from '../../domain/channels'
import type { CalendarStore } from '../calendar-store'
import type {
  ChannelAdapter,
  CommentPageOutcome,
  CommentReader,
  InboundComment,
} from '../channels/adapter'
import type { Db } from '../db/client'
import { comments, posts, publications } from '../db/schema'
import type { Clock } from '../lib/clock'
import { errorFields, type Logger } from '../lib/log'
import type { CommentService } from './service'

type Network = 'vk' | 'ok'
const NETWORKS: Network[] = ['vk', 'ok']

export interface PollSettings {
  /** `VIZA_COMMENT_POLL_MS`: how often the pages are read (default 10 minutes). */
  intervalMs: number
  /** `VIZA_COMMENT_POLL_DAYS`: posts published within this many days are read (default 14). */
  windowDays: number
  /** `VIZA_COMMENT_INTAKE`: read at each pass, as the callback does. */
  rhythm: () => IntakeRhythm
  /** A pause between two calls to the same network (VK allows a community token 20 a second). */
  pauseMs: number
  /** After a failed read with no advice from the network, try again this much later. */
  retryMs: number
}

export const pollSettingsFromEnv = (
  env: NodeJS.ProcessEnv = process.env,
  demo = false,
): PollSettings => ({
  intervalMs: positive(env.VIZA_COMMENT_POLL_MS) ?? (demo ? 60_000 : 600_000),
  windowDays: positive(env.VIZA_COMMENT_POLL_DAYS) ?? 14,
  rhythm: () => (process.env.VIZA_COMMENT_INTAKE === 'immediate' ? 'immediate' : 'hourly'),
  pauseMs: 100,
  retryMs: 60_000,
})

function positive(v: string | undefined) {
  const n = Number(v)
  return v && Number.isFinite(n) && n > 0 ? n : undefined
}

/** What one pass did, per network (for the log, the tests and the bench). */
export interface PollReport {
  read: number
  registered: number
  withdrawn: number
  failed: Partial<Record<Network, string>>
}

export class CommentPoller {
  private timer: NodeJS.Timeout | null = null
  private running: Promise<PollReport> | null = null
  /** A network that failed waits until then (in memory: a restart simply reads again). */
  private readonly retryAt = new Map<Network, number>()

  constructor(
    private readonly db: Db,
    private readonly comments: Pick<CommentService, 'register' | 'withdrawBySource'>,
    private readonly calendars: CalendarStore,
    private readonly adapters: Record<Channel, ChannelAdapter>,
    private readonly clock: Clock,
    private readonly log: Logger,
    readonly settings: PollSettings,
  ) {}

  /** Reads at once (not awaited: the server answers meanwhile), then on the interval. */
  start() {
    this.timer = setInterval(() => void this.pass(), this.settings.intervalMs)
    this.timer.unref()
    void this.pass()
  }

  async stop() {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.running
  }

  /** One pass over every network; concurrent calls share the pass in flight. */
  pass(): Promise<PollReport> {
    this.running ??= this.work().finally(() => (this.running = null))
    return this.running
  }

  private async work(): Promise<PollReport> {
    const report: PollReport = { read: 0, registered: 0, withdrawn: 0, failed: {} }
    for (const network of NETWORKS) {
      const reader = this.adapters[network]?.configured ? this.adapters[network].comments : null
      if (!reader) continue
      if ((this.retryAt.get(network) ?? 0) > this.clock.now().getTime()) continue
      try {
        if (await this.network(network, reader, report)) this.retryAt.delete(network)
      } catch (err) {
        // a bug or the database: logged, tried again on the next pass
        report.failed[network] = String(err)
        this.log.error('comment polling failed', { network, ...errorFields(err) })
      }
    }
    if (report.registered || report.withdrawn || Object.keys(report.failed).length)
      this.log.info('comment polling', { ...report })
    return report
  }

  /** The posts whose comments are read: published in the window, newest first. */
  private async watched(network: Network, reader: CommentReader) {
    const since = new Date(this.clock.now().getTime() - this.settings.windowDays * 86_400_000)
    const rows = await this.db
      .selectDistinctOn([publications.externalId], {
        postId: publications.externalId,
        title: posts.title,
        url: publications.url,
        at: publications.updatedAt,
      })
      .from(publications)
      .innerJoin(posts, eq(posts.id, publications.postId))
      .where(
        and(
          eq(publications.channel, network),
          eq(publications.state, 'sent'),
          isNotNull(publications.externalId),
          gte(publications.updatedAt, since),
        ),
      )
      .orderBy(publications.externalId, desc(publications.updatedAt))
    // the newest posts first: that is where comments arrive
    const list = rows
      .sort((a, b) => b.at.getTime() - a.at.getTime())
      .map((r) => ({ postId: r.postId!, title: r.title, url: r.url ?? '' }))
    for (const p of (await reader.standingPosts?.()) ?? [])
      if (!list.some((l) => l.postId === p.postId)) list.push(p)
    return list
  }

  /** Reads every watched post of a network; false when a read failed (tried again later). */
  private async network(
    network: Network,
    reader: CommentReader,
    report: PollReport,
  ): Promise<boolean> {
    const { calendar } = await this.calendars.current(this.db)
    const rhythm = this.settings.rhythm()
    let calls = 0
    for (const post of await this.watched(network, reader)) {
      // what is stored already (by the callback or an earlier pass) is not registered again:
      // one query per post instead of one transaction per comment on every pass
      const known = new Set(
        (
          await this.db
            .select({ id: comments.networkCommentId })
            .from(comments)
            .where(and(eq(comments.network, network), eq(comments.networkPostId, post.postId)))
        ).map((r) => r.id),
      )
      let cursor: string | null = null
      do {
        if (calls++ && this.settings.pauseMs) await sleep(this.settings.pauseMs)
        const outcome: CommentPageOutcome = await reader
          .page(post.postId, cursor)
          .catch((e: unknown) => ({ kind: 'failed' as const, error: String(e) }))
        if (outcome.kind === 'failed') {
          const wait = Math.max(outcome.retryAfterMs ?? 0, this.settings.retryMs)
          this.retryAt.set(network, this.clock.now().getTime() + wait)
          report.failed[network] = outcome.error
          this.log.warn('comment polling: read failed, will retry', {
            network,
            post: post.postId,
            error: outcome.error,
            retryInMs: wait,
          })
          return false
        }
        for (const c of outcome.comments) {
          report.read++
          if (c.deleted || !known.has(c.networkCommentId))
            await this.take(network, c, post, calendar, rhythm, report)
        }
        cursor = outcome.next
      } while (cursor)
    }
    return true
  }

  private async take(
    network: Network,
    c: InboundComment,
    post: { title: string; url: string },
    calendar: Awaited<ReturnType<CalendarStore['current']>>['calendar'],
    rhythm: IntakeRhythm,
    report: PollReport,
  ) {
    // the governor's own replies are not citizens' comments
    if (c.fromPage) return
    if (c.deleted) {
      if (
        await this.comments.withdrawBySource(
          network,
          c.pageId,
          c.networkPostId,
          c.networkCommentId,
          this.clock.now(),
        )
      )
        report.withdrawn++
      return
    }
    const { created } = await this.comments.register({
      network,
      pageId: c.pageId,
      networkPostId: c.networkPostId,
      networkCommentId: c.networkCommentId,
      authorName: c.authorName,
      authorUrl: c.authorUrl,
      text: c.text,
      thread: { postText: post.title, postUrl: post.url, earlier: c.earlier },
      leftAt: c.leftAt,
      registeredAt: registrationTime(calendar, c.leftAt, rhythm),
    })
    if (created) report.registered++
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
