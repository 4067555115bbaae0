import type { Channel } from '../../domain/channels'

export interface PublishImage {
  /** Viza's media id (the demo channels show the image by it; real APIs get the bytes). */
  id: string
  name: string
  mime: 'image/jpeg' | 'image/png' | 'image/webp'
  bytes: Uint8Array<ArrayBuffer>
}

export interface PublishRequest {
  postId: string
  /** The approved text in Viza's markup; each adapter renders it for its channel. */
  text: string
  images: PublishImage[]
  /** Stable per (post, channel, approved version): VK de-duplicates on it. */
  guid: string
}

/** A reply from the governor's page to a citizen's comment (the approved answer). */
export interface ReplyRequest {
  commentId: string
  /** The page the comment is on (VK: `-<group id>`). */
  pageId: string
  networkPostId: string
  networkCommentId: string
  /** The approved answer, plain text. */
  text: string
  /** Stable per (comment, approved answer): VK de-duplicates on it. */
  guid: string
}

/**
 * What happened, as far as we can tell:
 * - `sent`: the channel confirmed the post;
 * - `failed`: it surely did not take effect (refused, rate-limited, unreachable before sending);
 *   `retryable` says whether trying again can help, `retryAfterMs` when the channel said so;
 * - `unknown`: the request may have reached the channel (timeout after sending, 5xx): never
 *   retried blindly.
 */
export type PublishOutcome =
  | { kind: 'sent'; externalId: string; url: string }
  | { kind: 'failed'; error: string; retryable: boolean; retryAfterMs?: number }
  | { kind: 'unknown'; error: string }

/**
 * A citizen's comment as read back from a page (catch-up polling: what a callback missed).
 * The adapter maps its network's shape to this; the poller registers it like the callback.
 */
export interface InboundComment {
  /** The page the comment is on (VK: `-<group id>`, OK: the group id). */
  pageId: string
  networkPostId: string
  networkCommentId: string
  authorName: string
  authorUrl: string
  text: string
  leftAt: Date
  /** Written by the page itself (the governor's replies): not a citizen's comment. */
  fromPage: boolean
  /** Deleted by its author (VK keeps a deleted comment that has replies, marked so). */
  deleted: boolean
  /** The comments above it in its thread, oldest first (a reply under another comment). */
  earlier: Array<{ authorName: string; text: string; at: string }>
}

/** One page of a post's comments, or why it could not be read (it is read again later). */
export type CommentPageOutcome =
  | { kind: 'page'; comments: InboundComment[]; next: string | null }
  | { kind: 'failed'; error: string; retryAfterMs?: number }

/** Reads the comments under a post of the page (VK wall.getComments, OK discussions.getComments). */
export interface CommentReader {
  /** One page of comments under `postId`, oldest first; `cursor` from the previous page. */
  page(postId: string, cursor: string | null): Promise<CommentPageOutcome>
  /**
   * Posts of the page watched besides those Viza published (the demo pages' own posts), with
   * their titles for the thread.
   */
  standingPosts?(): Promise<Array<{ postId: string; title: string; url: string }>>
}

export interface ChannelAdapter {
  channel: Channel
  /** False when credentials are missing: shown as "not configured", never skipped silently. */
  configured: boolean
  /** A built-in demo channel (demo database, no credentials): marked «демо-канал» everywhere. */
  demo?: boolean
  /** Whether re-sending after an unknown outcome is safe (the channel de-duplicates). */
  idempotent: boolean
  /** Where a person checks what is on the channel (for an unknown outcome). */
  channelUrl?: string
  publish(request: PublishRequest): Promise<PublishOutcome>
  /**
   * Replies to a citizen's comment from the page, where the channel can (VK
   * `wall.createComment`); without it a person answers by hand and records the link.
   */
  reply?(request: ReplyRequest): Promise<PublishOutcome>
  /** Reads citizens' comments back from the page, where the channel can (VK, OK). */
  comments?: CommentReader
}

export const DEFAULT_TIMEOUT_MS = 15_000

/** Node's codes for a server certificate it does not trust. */
export const UNTRUSTED_CERTIFICATE = [
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]

/**
 * fetch with a deadline, telling apart "never sent" (connection refused, DNS) from "sent, no
 * answer" (timeout or reset after the request went out).
 */
export async function send(
  url: string,
  init: RequestInit,
  timeoutMs = DEFAULT_TIMEOUT_MS,
): Promise<{ ok: true; res: Response } | { ok: false; sent: boolean; error: string }> {
  try {
    const timeout = AbortSignal.timeout(timeoutMs)
    // the caller's own signal (a long poll stopped at shutdown) ends it too
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout
    const res = await fetch(url, { ...init, signal })
    return { ok: true, res }
  } catch (e) {
    const err = e as Error & { cause?: { code?: string } }
    const code = err.cause?.code ?? ''
    const neverSent = [
      'ECONNREFUSED',
      'ENOTFOUND',
      'EAI_AGAIN',
      'ENETUNREACH',
      'EHOSTUNREACH',
      // the TLS handshake failed: no request was written (MAX's API needs a Russian root CA)
      ...UNTRUSTED_CERTIFICATE,
    ].includes(code)
    const reason =
      err.name === 'TimeoutError' ? `нет ответа за ${timeoutMs / 1000} с` : code || err.message
    return { ok: false, sent: !neverSent, error: reason }
  }
}

export type NextStep =
  { step: 'done' } | { step: 'retry'; afterMs: number } | { step: 'askPerson' } | { step: 'giveUp' }

/**
 * What the publisher does after an attempt. An unknown outcome is retried only where the
 * channel itself de-duplicates (VK's guid); elsewhere a person checks the channel and says.
 * Backoff doubles from 2 s, honouring the channel's own retry-after, up to `maxAttempts`.
 */
export function nextStep(
  outcome: PublishOutcome,
  adapter: Pick<ChannelAdapter, 'idempotent'>,
  attempt: number,
  maxAttempts = 6,
): NextStep {
  if (outcome.kind === 'sent') return { step: 'done' }
  if (attempt >= maxAttempts)
    return outcome.kind === 'unknown' ? { step: 'askPerson' } : { step: 'giveUp' }
  const backoff = Math.min(2000 * 2 ** (attempt - 1), 5 * 60_000)
  if (outcome.kind === 'unknown')
    return adapter.idempotent ? { step: 'retry', afterMs: backoff } : { step: 'askPerson' }
  if (!outcome.retryable) return { step: 'giveUp' }
  return { step: 'retry', afterMs: Math.max(backoff, outcome.retryAfterMs ?? 0) }
}

/**
 * The next step after an attempt, and how its ledger row (a publication, a reply) changes: sent with its link, queued
 * again for later, waiting for a person, or failed (`retryable`: a person may queue it again).
 */
export function ledgerRowAfter(
  outcome: PublishOutcome,
  adapter: Pick<ChannelAdapter, 'idempotent'>,
  attempt: number,
  now: Date,
) {
  const step = nextStep(outcome, adapter, attempt)
  return { step, change: rowChange(outcome, step, now) }
}

function rowChange(outcome: PublishOutcome, step: NextStep, now: Date) {
  if (outcome.kind === 'sent')
    return { state: 'sent' as const, externalId: outcome.externalId, url: outcome.url, error: null }
  if (step.step === 'retry')
    return {
      state: 'queued' as const,
      nextAttemptAt: new Date(now.getTime() + step.afterMs),
      error: outcome.error,
    }
  if (step.step === 'askPerson') return { state: 'unknown' as const, error: outcome.error }
  return {
    state: 'failed' as const,
    error: outcome.error,
    retryable: outcome.kind === 'failed' && outcome.retryable,
  }
}
