/**
 * The publication worker: on a timer (and right after a post starts publishing), it takes due
 * ledger rows one at a time, sends each through its channel adapter with the approved images,
 * records the outcome in the ledger and moves the post to `published` once every channel is
 * sent. The safety rules live in the ledger (ledger.ts); this is the loop around them.
 */
import { createHash } from 'node:crypto'
import { inArray } from 'drizzle-orm'
import { SYSTEM_ACTOR } from '../../domain/roles'
import type { PublishOutcome } from '../channels/adapter'
import type { Db } from '../db/client'
import { media } from '../db/schema'
import type { Clock } from '../lib/clock'
import { errorFields, type Logger } from '../lib/log'
import { PublicationLedger, type Adapters, type Claim } from './ledger'

/** What the worker needs of the post service: to send the system's PUBLISHED event. */
export interface SystemEvents {
  applySystemEvent(
    actor: typeof SYSTEM_ACTOR,
    postId: string,
    payload: { type: 'PUBLISHED'; links: Array<{ channel: string; url: string }> },
    now: Date,
  ): Promise<boolean>
}

export class Publisher {
  private timer: NodeJS.Timeout | null = null
  private running: Promise<void> | null = null
  private readonly ledger: PublicationLedger

  constructor(
    private readonly db: Db,
    private readonly service: SystemEvents,
    readonly adapters: Adapters,
    private readonly clock: Clock,
    private readonly log: Logger,
    private readonly intervalMs = 2000,
  ) {
    this.ledger = new PublicationLedger(db, adapters)
  }

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

  private async work() {
    try {
      await this.ledger.recoverInterrupted(this.clock.now())
      // A post whose last channel was recorded sent just before a crash moves now.
      for (const postId of await this.ledger.finished()) await this.settle(postId)
      for (const id of await this.ledger.due(this.clock.now())) await this.attempt(id)
    } catch (err) {
      this.log.error('publisher pass failed', errorFields(err))
    } finally {
      // A channel that ended waiting for a person was queued for the SMC: tell them now.
      if (this.ledger.takeTroubled()) this.onTrouble()
    }
  }

  /** Called after a pass that queued a publication's trouble (the notifier's poke). */
  onTrouble: () => void = () => {}

  private async attempt(id: number) {
    const claimed = await this.ledger.claim(id, this.clock.now())
    if (!claimed) return
    const { row } = claimed
    const images = await this.approvedImages(claimed)
    const outcome: PublishOutcome = !images
      ? {
          kind: 'failed',
          error: 'Фото не совпадает с утверждённым: отправка отменена',
          retryable: false,
        }
      : await this.adapters[row.channel]
          .publish({
            postId: row.postId,
            text: claimed.text,
            images,
            guid: `${row.postId}:${row.channel}:v${row.textVersion}`,
          })
          .catch((e: unknown) => ({ kind: 'unknown' as const, error: String(e) }))
    const step = await this.ledger.record(row, outcome, this.clock.now())
    this.log.info('publication attempt', {
      postId: row.postId,
      channel: row.channel,
      attempt: row.attempts,
      outcome: outcome.kind,
      next: step.step,
    })
    if (images) await this.settle(row.postId)
  }

  /** The approved images' bytes, or null when any is missing or no longer hashes the same. */
  private async approvedImages({ refs }: Claim) {
    if (!refs.length) return []
    const stored = await this.db
      .select()
      .from(media)
      .where(
        inArray(
          media.id,
          refs.map((r) => r.id),
        ),
      )
    const images = refs.map((r) => {
      const m = stored.find((s) => s.id === r.id)
      return m && createHash('sha256').update(m.bytes).digest('hex') === r.sha256
        ? { id: m.id, name: m.name, mime: m.mime, bytes: new Uint8Array(m.bytes) }
        : null
    })
    return images.every((i) => i !== null) ? images : null
  }

  /** Every channel of the approved version sent: the post is published, with its links. */
  async settle(postId: string) {
    const links = await this.ledger.allSent(postId)
    if (!links) return
    await this.service.applySystemEvent(
      SYSTEM_ACTOR,
      postId,
      { type: 'PUBLISHED', links },
      this.clock.now(),
    )
  }

  /** The editor's word on a channel (see PublicationLedger.confirm); then settle or send. */
  async confirm(postId: string, id: number, input: { sent: boolean; url?: string }) {
    const result = await this.ledger.confirm(postId, id, input, this.clock.now())
    if (result === 'sent') await this.settle(postId)
    else void this.pass()
  }

  /** A retry where it is safe (see PublicationLedger.retry); the next pass sends it. */
  async retry(postId: string, id: number) {
    await this.ledger.retry(postId, id, this.clock.now())
    void this.pass()
  }
}
